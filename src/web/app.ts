// createApp(deps) builds the Express app without listening, so tests import it with supertest.
import express from 'express';
import helmet from 'helmet';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/config.js';
import { apiRouter, type ApiDeps } from './routes/api.js';
import { basketRouter, type BasketDeps } from './routes/basket.js';
import { checkRouter, type CheckDeps } from './routes/check.js';
import { errorHandler, notFound } from './routes/errors.js';
import { healthRouter, type HealthDeps } from './routes/health.js';
import { pagesRouter, type PagesDeps } from './routes/pages.js';
import { statsRouter, type StatsDeps } from './routes/stats.js';

/** What the app needs: the union of what its routers declare, plus how to report errors. */
export type AppDeps = ApiDeps &
  PagesDeps &
  HealthDeps &
  CheckDeps &
  StatsDeps &
  BasketDeps & {
    production: boolean;
    log?: (err: unknown) => void;
  };

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', path.join(PROJECT_ROOT, 'views'));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
        },
      },
    }),
  );
  app.use('/assets', express.static(path.join(PROJECT_ROOT, 'views', 'assets'), { maxAge: deps.production ? '1d' : 0 }));
  app.use(healthRouter(deps));
  app.use('/api', apiRouter(deps));
  // The writer's tools: 查重 and 类似表述, 统计, 素材篮 and its export (pages and /api/ routes).
  app.use(checkRouter(deps));
  app.use(statsRouter(deps));
  app.use(basketRouter(deps));
  app.use(pagesRouter(deps));
  app.use(notFound);
  app.use(errorHandler({ production: deps.production, log: deps.log }));
  return app;
}
