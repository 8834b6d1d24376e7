// GET /health: whether the engine answers (for load balancers, compose and the CI smoke test).
import { Router } from 'express';

export interface HealthDeps {
  engineHealthy: () => Promise<boolean>;
}

export function healthRouter(deps: HealthDeps): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const ok = await deps.engineHealthy();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', engine: ok ? 'available' : 'unreachable' });
  });
  return r;
}
