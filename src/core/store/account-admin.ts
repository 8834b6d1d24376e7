// Account changes as the admin page and the users CLI make them: validated, the password hashed,
// sessions ended where the change calls for it, and each change in the audit trail. One place,
// so the two ways of managing accounts cannot drift apart.
import { BadRequestError, NotFoundError } from '../errors.js';
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { isRole, ROLE_NAMES, type Role } from '../auth/roles.js';
import { AccountStore, type Account } from './accounts.js';
import { AuditLog, type AuditUser } from './audit.js';
import { BasketStore } from './baskets.js';
import type { Db } from './database.js';
import { LoginThrottle } from './login-throttle.js';
import { SessionTable } from './sessions.js';

export interface Actor {
  user: AuditUser;
  ip: string | null;
}

function checkRole(role: string): Role {
  if (!isRole(role)) throw new BadRequestError(`角色须为 ${ROLE_NAMES.join('、')} 之一`, 'invalid_role');
  return role;
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new BadRequestError(problem, 'weak_password');
}

export class AccountAdmin {
  constructor(
    private readonly deps: {
      accounts: AccountStore;
      sessions: SessionTable;
      audit: Pick<AuditLog, 'record'>;
      throttle: LoginThrottle;
      baskets: Pick<BasketStore, 'clear'>;
    },
  ) {}

  /** Over one portal database, with every store it touches. */
  static forDatabase(db: Db): AccountAdmin {
    return new AccountAdmin({ accounts: new AccountStore(db), sessions: new SessionTable(db), audit: new AuditLog(db), throttle: new LoginThrottle(db), baskets: new BasketStore(db) });
  }

  list(): Account[] {
    return this.deps.accounts.list();
  }

  async add(name: string, role: string, password: string, actor: Actor): Promise<Account> {
    const r = checkRole(role);
    checkPassword(password);
    const account = this.deps.accounts.create(name.trim(), r, await hashPassword(password));
    this.deps.audit.record({ ...actor, action: 'account_create', detail: `${account.name}（${account.role}）` });
    return account;
  }

  setRole(name: string, role: string, actor: Actor): Account {
    const before = this.deps.accounts.find(name);
    const account = this.deps.accounts.setRole(name, checkRole(role));
    this.deps.audit.record({ ...actor, action: 'account_role', detail: `${account.name}: ${before?.role} → ${account.role}` });
    return account;
  }

  /** A new password ends the account's other sessions (keepSid: the admin's own, when changing their own). */
  async setPassword(name: string, password: string, actor: Actor, keepSid?: string): Promise<Account> {
    checkPassword(password);
    const account = this.deps.accounts.setPassword(name, await hashPassword(password));
    this.deps.sessions.destroyForAccount(account.id, keepSid);
    // A new password is what an administrator gives a locked-out colleague: the lock goes with the old one.
    this.deps.throttle.unlock(account.name);
    this.deps.audit.record({ ...actor, action: 'account_password', detail: account.name });
    return account;
  }

  /** What is the account's goes with it (sessions, 素材篮, throttling counts); its audit events stay. */
  remove(name: string, actor: Actor): Account {
    const account = this.deps.accounts.remove(name);
    this.deps.sessions.destroyForAccount(account.id);
    this.deps.baskets.clear(account.id);
    this.deps.throttle.unlock(account.name);
    this.deps.audit.record({ ...actor, action: 'account_remove', detail: `${account.name}（${account.role}）` });
    return account;
  }

  /** Lifts a login lock (the daily cap of failures); the account's counts start afresh. */
  unlock(name: string, actor: Actor): Account {
    const account = this.deps.accounts.find(name);
    if (!account) throw new NotFoundError(`账号 ${name} 不存在`, 'account_not_found');
    const was = this.deps.throttle.unlock(account.name);
    this.deps.audit.record({ ...actor, action: 'account_unlock', detail: was ? account.name : `${account.name}（未锁定，已清零失败计数）` });
    return account;
  }

  isLocked(name: string): boolean {
    return this.deps.throttle.isLocked(name);
  }
}
