// GET /health: whether the engine answers (for load balancers, compose and the CI smoke test).
// Several engines (MEILI_REMOTES): each engine's state; the portal answers (200, `degraded`) while
// at least one does, with partial results.
import { Router } from 'express';

export interface RemoteHealth {
  name: string;
  url: string;
  status: 'available' | 'unreachable';
}

export interface HealthDeps {
  engineHealthy: () => Promise<boolean>;
  /** MEILI_REMOTES: the state of each engine. */
  remotesHealth?: () => Promise<RemoteHealth[]>;
}

export function healthRouter(deps: HealthDeps): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    if (deps.remotesHealth) {
      const remotes = await deps.remotesHealth();
      const up = remotes.filter((x) => x.status === 'available').length;
      const status = up === remotes.length ? 'ok' : up > 0 ? 'degraded' : 'unavailable';
      res.status(up > 0 ? 200 : 503).json({ status, engine: up > 0 ? 'available' : 'unreachable', remotes: remotes.map(({ name, status: s }) => ({ name, status: s })) });
      return;
    }
    const ok = await deps.engineHealthy();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', engine: ok ? 'available' : 'unreachable' });
  });
  return r;
}
