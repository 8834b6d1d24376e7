// Signing in with a password: throttled per user name and per address, every attempt in the
// audit trail, and the same answer whether the name is unknown or the password wrong.
import { TooManyRequestsError, UnauthenticatedError } from '../../core/errors.js';
import { verifyAgainstNothing, verifyPassword } from '../../core/auth/passwords.js';
import type { SessionUser } from '../../core/auth/roles.js';
import type { AccountStore } from '../../core/store/accounts.js';
import type { AuditLog } from '../../core/store/audit.js';
import { throttleKeys, type LoginThrottle } from '../../core/store/login-throttle.js';

export const WRONG_CREDENTIALS = '用户名或密码不正确';

export class AuthService {
  constructor(
    private readonly deps: { accounts: AccountStore; throttle: LoginThrottle; audit: Pick<AuditLog, 'record'> },
  ) {}

  async login(name: string, password: string, ip: string): Promise<SessionUser> {
    const userName = name.trim();
    const keys = throttleKeys(userName, ip);
    const wait = this.deps.throttle.retryAfter(keys);
    if (wait > 0) {
      this.deps.audit.record({ action: 'login_failed', user: userName || null, ip, detail: '尝试过于频繁，已拒绝' });
      throw new TooManyRequestsError(`登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`, wait);
    }
    const found = userName ? this.deps.accounts.passwordHash(userName) : undefined;
    const ok = found?.hash ? await verifyPassword(password, found.hash) : await verifyAgainstNothing(password);
    if (!ok || !found) {
      this.deps.throttle.fail(keys);
      this.deps.audit.record({ action: 'login_failed', user: userName || null, ip });
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    this.deps.throttle.reset(keys);
    const { id, name: accountName, role } = found.account;
    return { id, name: accountName, role };
  }
}
