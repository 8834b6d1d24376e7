// express-session's store over the portal database's sessions table (src/core/store/sessions.ts).
import session from 'express-session';
import type { SessionTable } from '../../core/store/sessions.js';

declare module 'express-session' {
  interface SessionData {
    userId: number;
    /** When the user signed in (ms): the session's absolute lifetime counts from it. */
    signedInAt: number;
  }
}

type Cb = (err?: unknown) => void;

export class DatabaseSessionStore extends session.Store {
  constructor(
    private readonly table: SessionTable,
    private readonly idleMs: number,
  ) {
    super();
  }

  private expiry(sess: session.SessionData): number {
    const e = sess.cookie?.expires;
    return e ? new Date(e).getTime() : Date.now() + this.idleMs;
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      cb(null, (this.table.get(sid) as session.SessionData | undefined) ?? null);
    } catch (err) {
      cb(err);
    }
  }

  override set(sid: string, sess: session.SessionData, cb?: Cb): void {
    try {
      this.table.set(sid, sess, sess.userId ?? null, this.expiry(sess));
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override touch(sid: string, sess: session.SessionData, cb?: Cb): void {
    try {
      this.table.touch(sid, this.expiry(sess));
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override destroy(sid: string, cb?: Cb): void {
    try {
      this.table.destroy(sid);
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }
}
