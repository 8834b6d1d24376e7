// Account changes as the admin page and the users CLI make them: validated, the password hashed,
// sessions ended where the change calls for it, and each change in the audit trail. One place,
// so the two ways of managing accounts cannot drift apart.
import { BadRequestError } from '../errors.js';
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { isRole, ROLE_NAMES, type Role } from '../auth/roles.js';
import type { Account, AccountStore } from './accounts.js';
import type { AuditLog, AuditUser } from './audit.js';
import type { SessionTable } from './sessions.js';

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
    private readonly deps: { accounts: AccountStore; sessions: SessionTable; audit: Pick<AuditLog, 'record'> },
  ) {}

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
    this.deps.audit.record({ ...actor, action: 'account_password', detail: account.name });
    return account;
  }

  remove(name: string, actor: Actor): Account {
    const account = this.deps.accounts.remove(name);
    this.deps.audit.record({ ...actor, action: 'account_remove', detail: `${account.name}（${account.role}）` });
    return account;
  }
}
