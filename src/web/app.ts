// createApp(deps) builds the Express app without listening, so tests import it with supertest.
import express from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pinoHttp } from 'pino-http';
import { PROJECT_ROOT } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { apiRouter, type ApiDeps } from './routes/api.js';
import { errorHandler, notFound } from './routes/errors.js';
import { healthRouter, type HealthDeps } from './routes/health.js';
import { pagesRouter, type PagesDeps } from './routes/pages.js';

/** What the app needs: the union of what its routers declare, plus how to report errors. */
export type AppDeps = ApiDeps &
  PagesDeps &
  HealthDeps & {
    production: boolean;
    log?: (err: unknown) => void;
    /** One JSON line per request (id, method, url, status, time); none without it (tests). */
    logger?: Logger;
  };

/** A caller's request id is kept if it looks like one (a proxy's); otherwise a new one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.logger) {
    app.use(
      pinoHttp({
        logger: deps.logger,
        genReqId: (req, res) => {
          const given = req.headers['x-request-id'];
          const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
          res.setHeader('X-Request-Id', id);
          return id;
        },
        // Method, path and status only: headers carry cookies and keys.
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      }),
    );
  }
  app.set('view engine', 'ejs');
  app.set('views', path.join(PROJECT_ROOT, 'views'));
  // Compiled templates are kept in production (Express would decide from process.env.NODE_ENV itself,
  // behind config's back); in development an edited template shows at once.
  app.set('view cache', deps.production);
  app.set('env', deps.production ? 'production' : 'development');
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
  app.use(pagesRouter(deps));
  app.use(notFound);
  app.use(errorHandler({ production: deps.production, log: deps.log ?? (deps.logger ? (err) => deps.logger!.error({ err }, 'unhandled error') : undefined) }));
  return app;
}
