// Several engines (MEILI_REMOTES): an answer built while some of them did not answer says so. JSON
// under /api/ gets `partial` (and, when true, `missingRemotes`: the engines' names); pages show a
// notice (views/partials/head.ejs). The services need not know: the federated client notes the
// engines that did not answer for the request being served (core/meili/federation.ts).
import type { NextFunction, Request, Response } from 'express';
import { missingRemotes, trackMissingRemotes } from '../core/meili/federation.js';

export function partialAnswers(req: Request, res: Response, next: NextFunction): void {
  trackMissingRemotes(() => {
    // Read when the answer is made: every search of the request has run by then.
    res.locals.missingRemotes = missingRemotes;
    if (req.originalUrl.startsWith('/api/')) {
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        if (body && typeof body === 'object' && !Array.isArray(body) && res.statusCode < 400) {
          const missing = missingRemotes();
          return json({ ...body, partial: missing.length > 0, ...(missing.length > 0 ? { missingRemotes: missing } : {}) });
        }
        return json(body);
      };
    }
    next();
  });
}
