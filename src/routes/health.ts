import { Router } from 'express';
import type { AppDeps } from '../app.js';

export function healthRouter(deps: AppDeps): Router {
  const r = Router();
  r.get('/health', async (_req, res) => {
    const ok = await deps.engineHealthy();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', engine: ok ? 'available' : 'unreachable' });
  });
  return r;
}
