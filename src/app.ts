// createApp(deps) builds the Express app without listening, so tests import it with supertest.
import express from 'express';
import helmet from 'helmet';
import path from 'node:path';
import { PROJECT_ROOT } from './config.js';
import type { DocumentsService } from './search/documents-service.js';
import type { SearchService } from './search/search-service.js';
import { apiRouter } from './routes/api.js';
import { errorHandler, notFound } from './routes/errors.js';
import { healthRouter } from './routes/health.js';
import { pagesRouter } from './routes/pages.js';

export interface AppDeps {
  search: SearchService;
  documents: DocumentsService;
  engineHealthy: () => Promise<boolean>;
  production: boolean;
  log?: (err: unknown) => void;
}

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
  app.use(pagesRouter(deps));
  app.use(notFound);
  app.use(errorHandler({ production: deps.production, log: deps.log }));
  return app;
}
