// Signing in with a password: each attempt counted before its password is checked (LoginThrottle:
// per account-and-address, per address, per account and day), every failure in the audit trail
// — throttled ones one event per burst with its count — and the same answer whether the name is
// unknown or the password wrong.
import { TooManyRequestsError, UnauthenticatedError } from '../../core/errors.js';
import { verifyAgainstNothing, verifyPassword } from '../../core/auth/passwords.js';
import type { SessionUser } from '../../core/auth/roles.js';
import { MAX_NAME_LENGTH, type AccountStore } from '../../core/store/accounts.js';
import type { AuditLog } from '../../core/store/audit.js';
import type { LoginThrottle } from '../../core/store/login-throttle.js';

export const WRONG_CREDENTIALS = '用户名或密码不正确';
export const ACCOUNT_LOCKED = '该账号登录失败次数过多，已被锁定：请联系管理员解锁（npm run users -- unlock 用户名，或账号管理页的“解锁”）';

export class AuthService {
  constructor(
    private readonly deps: { accounts: AccountStore; throttle: LoginThrottle; audit: Pick<AuditLog, 'record'> },
  ) {}

  async login(name: string, password: string, ip: string): Promise<SessionUser> {
    // No account name is longer; a longer one is nobody's and must not fill the audit trail.
    const userName = [...name.trim()].slice(0, MAX_NAME_LENGTH).join('');
    const { throttle, audit } = this.deps;
    const attempt = throttle.begin(userName, ip);
    if (!attempt.allowed) {
      if (attempt.firstOfBurst) {
        audit.record({ action: 'login_failed', user: userName || null, ip, detail: attempt.locked ? '账号已锁定，已拒绝（本轮后续尝试合并记录）' : '尝试过于频繁，已拒绝（本轮后续尝试合并记录）' });
      }
      if (attempt.locked) throw new TooManyRequestsError(ACCOUNT_LOCKED, attempt.retryAfter, 'account_locked');
      throw new TooManyRequestsError(`登录失败次数过多，请 ${Math.ceil(attempt.retryAfter / 60)} 分钟后再试`, attempt.retryAfter);
    }
    // An attempt gets through: the bursts refused before it under its keys are over; each gets its count.
    for (const key of throttle.burstKeys(userName, ip)) {
      const count = throttle.endBurst(key);
      if (count !== null && count > 1) audit.record({ action: 'login_failed', user: userName || null, ip, detail: `此前一轮共拒绝 ${count} 次过于频繁的尝试` });
    }
    const found = userName ? this.deps.accounts.passwordHash(userName) : undefined;
    const ok = found?.hash ? await verifyPassword(password, found.hash) : await verifyAgainstNothing(password);
    if (!ok || !found) {
      const locked = throttle.failed(userName);
      audit.record({ action: 'login_failed', user: userName || null, ip, ...(locked ? { detail: '当日失败次数达到上限，账号已锁定' } : {}) });
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    throttle.succeeded(attempt.ticket);
    const { id, name: accountName, role } = found.account;
    return { id, name: accountName, role };
  }
}
