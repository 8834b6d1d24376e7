// What the sign-in layer needs, built once by src/cli/runtime.ts from the portal database.
import type { AuthMode } from '../../core/config.js';
import type { AccountStore } from '../../core/store/accounts.js';
import type { LoginThrottle } from '../../core/store/login-throttle.js';
import type { SessionTable } from '../../core/store/sessions.js';

export interface AuthContext {
  mode: AuthMode;
  accounts: AccountStore;
  sessions: SessionTable;
  throttle: LoginThrottle;
  /** Signs session cookies and CSRF tokens (kept in the database: src/core/store/secrets.ts). */
  secret: string;
  idleMinutes: number;
  /** A session ends this long after its sign-in, however active (SESSION_MAX_HOURS). */
  maxHours: number;
  /** AUTH=proxy: the header with the user name, believed only from TRUST_PROXY addresses. */
  proxyHeader: string;
}
