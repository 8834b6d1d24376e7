// createApp(deps) builds the Express app without listening, so tests import it with supertest.
//
// Order matters: assets and /health are open; then the session, who is asking, the CSRF check
// for every state-changing request, /login and /logout; then the boundary (no user → 303 to
// /login or 401), and behind it the API and the pages, each route checking its permission.
import express from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pinoHttp } from 'pino-http';
import { PROJECT_ROOT } from '../core/config.js';
import { partialAnswers } from './partial.js';
import type { AccountAdmin } from '../core/store/account-admin.js';
import type { AuditLog } from '../core/store/audit.js';
import type { AuthContext } from './auth/context.js';
import { csrfGuard } from './auth/csrf.js';
import { requireUser } from './auth/guards.js';
import { identify } from './auth/identify.js';
import { sessionMiddleware } from './auth/session.js';
import { adminPagesRouter, auditApiRouter } from './routes/admin.js';
import type { Logger } from '../core/logger.js';
import { apiRouter, type ApiDeps } from './routes/api.js';
import { authRouter } from './routes/auth.js';
import { basketRouter, type BasketDeps } from './routes/basket.js';
import { checkRouter, type CheckDeps } from './routes/check.js';
import { errorHandler, notFound } from './routes/errors.js';
import { healthRouter, type HealthDeps } from './routes/health.js';
import { pagesRouter, type PagesDeps } from './routes/pages.js';
import { statsRouter, type StatsDeps } from './routes/stats.js';
import { uploadsApiRouter, uploadsPagesRouter } from './routes/uploads.js';
import type { AuthService } from './services/auth-service.js';
import type { UploadService } from './services/upload-service.js';

/** What the app needs: the union of what its routers declare, plus how to report errors. */
export type AppDeps = ApiDeps &
  PagesDeps &
  HealthDeps &
  CheckDeps &
  StatsDeps &
  BasketDeps & {
    auth: AuthContext;
    authService: Pick<AuthService, 'login'>;
    accountAdmin: AccountAdmin;
    audit: Pick<AuditLog, 'record' | 'query' | 'all'>;
    /** Absent when the portal has no admin key for the engine (a read-only portal): no uploads. */
    uploads?: UploadService;
    /** Staging folder of files being uploaded (DATA_DIR/uploads/.incoming). */
    incomingDir: string;
    /** TRUST_PROXY: the proxies whose X-Forwarded-* (and, with AUTH=proxy, user header) are believed. */
    trustProxy?: string;
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
  // Without TRUST_PROXY no forwarded header is believed: req.ip is the peer, req.secure is TLS here.
  app.set('trust proxy', deps.trustProxy ? deps.trustProxy.split(',').map((s) => s.trim()).filter(Boolean) : false);
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
  app.locals.uploadsEnabled = Boolean(deps.uploads);
  // Headers that fit the transport: over https (directly, or a TRUST_PROXY proxy's X-Forwarded-Proto)
  // the browser is told to stay on https (HSTS, upgrade-insecure-requests); over plain http (a
  // compose set-up without a TLS proxy) those would send it to an https nobody serves, and the CSS,
  // the scripts and the login form would be blocked.
  const directives = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  };
  const overHttps = helmet({ contentSecurityPolicy: { directives: { ...directives, upgradeInsecureRequests: [] } } });
  // (Cross-Origin-Opener-Policy too: browsers ignore it on an untrustworthy origin, with a console error.)
  const overHttp = helmet({
    contentSecurityPolicy: { directives: { ...directives, upgradeInsecureRequests: null } },
    strictTransportSecurity: false,
    crossOriginOpenerPolicy: false,
  });
  app.use((req, res, next) => (req.secure ? overHttps : overHttp)(req, res, next));
  app.use('/assets', express.static(path.join(PROJECT_ROOT, 'views', 'assets'), { maxAge: deps.production ? '1d' : 0 }));
  app.use(healthRouter(deps));

  // A login form is a name and a password: a larger body is refused (413) before anything reads it.
  app.use('/login', express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }));
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  if (deps.auth.mode === 'local') app.use(sessionMiddleware(deps.auth));
  app.use(identify(deps.auth, deps.audit));
  app.use(csrfGuard(deps.auth.secret));
  app.use(authRouter(deps));

  app.use(requireUser(deps.auth));
  // Several engines: an answer built without some of them says so (partial.ts).
  if (deps.remotesHealth) app.use(partialAnswers);
  const admin = { accountAdmin: deps.accountAdmin, audit: deps.audit, authMode: deps.auth.mode };
  app.use('/api', apiRouter(deps));
  app.use('/api', auditApiRouter(admin));
  if (deps.uploads) app.use('/api', uploadsApiRouter({ uploads: deps.uploads, incomingDir: deps.incomingDir }));
  // The writer's tools: 查重 and 类似表述, 统计, 素材篮 and its export (pages and /api/ routes).
  app.use(checkRouter(deps));
  app.use(statsRouter(deps));
  app.use(basketRouter(deps));
  app.use(pagesRouter(deps));
  app.use(adminPagesRouter(admin));
  if (deps.uploads) app.use(uploadsPagesRouter({ uploads: deps.uploads, incomingDir: deps.incomingDir }));
  app.use(notFound);
  app.use(errorHandler({ production: deps.production, log: deps.log ?? (deps.logger ? (err) => deps.logger!.error({ err }, 'unhandled error') : undefined) }));
  return app;
}
