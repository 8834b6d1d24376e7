// Accounts (migration 001): names, roles and password hashes. The rules that protect the portal
// from locking itself out live here, so the admin page and the users CLI cannot differ on them.
import { BadRequestError, ConflictError, NotFoundError } from '../errors.js';
import type { Role, SessionUser } from '../auth/roles.js';
import type { Db } from './database.js';

export interface Account extends SessionUser {
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: number;
  name: string;
  role: Role;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
}

const toAccount = (r: Row): Account => ({
  id: r.id,
  name: r.name,
  role: r.role,
  hasPassword: r.password_hash !== null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Letters (any script), digits and . _ - @ \ (e-mail style and DOMAIN\\user names from a gateway);
 * no spaces or control characters, so a name reads the same in the audit trail and on a terminal.
 */
/** The longest account name (characters). */
export const MAX_NAME_LENGTH = 64;
const NAME = /^[\p{L}\p{N}._@\\-]{1,64}$/u;

export function accountNameProblem(name: string): string | null {
  if (!NAME.test(name)) return '用户名为 1–64 个字母、汉字、数字或 . _ - @ \\，不含空格';
  return null;
}

export class AccountStore {
  constructor(private readonly db: Db) {}

  count(): number {
    return this.db.prepare('SELECT count(*) FROM accounts').pluck().get() as number;
  }

  list(): Account[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY name COLLATE NOCASE').all() as Row[]).map(toAccount);
  }

  byId(id: number): Account | undefined {
    const r = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as Row | undefined;
    return r && toAccount(r);
  }

  find(name: string): Account | undefined {
    const r = this.db.prepare('SELECT * FROM accounts WHERE name = ?').get(name) as Row | undefined;
    return r && toAccount(r);
  }

  /** The stored hash for a login attempt (null: no such account, or one without a password). */
  passwordHash(name: string): { account: Account; hash: string | null } | undefined {
    const r = this.db.prepare('SELECT * FROM accounts WHERE name = ?').get(name) as Row | undefined;
    return r && { account: toAccount(r), hash: r.password_hash };
  }

  create(name: string, role: Role, passwordHash: string | null): Account {
    const problem = accountNameProblem(name);
    if (problem) throw new BadRequestError(problem, 'invalid_name');
    if (this.find(name)) throw new ConflictError(`账号 ${name} 已存在`, 'account_exists');
    const now = new Date().toISOString();
    const info = this.db
      .prepare('INSERT INTO accounts (name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(name, role, passwordHash, now, now);
    return this.byId(Number(info.lastInsertRowid))!;
  }

  /** Creates the account unless one of that name exists (AUTH=proxy: unknown users become readers). */
  findOrCreate(name: string, role: Role): { account: Account; created: boolean } {
    const existing = this.find(name);
    if (existing) return { account: existing, created: false };
    try {
      return { account: this.create(name, role, null), created: true };
    } catch (err) {
      // Two first requests of the same new user at once: the other one created it.
      const again = this.find(name);
      if (again) return { account: again, created: false };
      throw err;
    }
  }

  setPassword(name: string, passwordHash: string): Account {
    const a = this.must(name);
    this.db.prepare('UPDATE accounts SET password_hash = ?, updated_at = ? WHERE id = ?').run(passwordHash, new Date().toISOString(), a.id);
    return this.byId(a.id)!;
  }

  setRole(name: string, role: Role): Account {
    return this.db.transaction(() => {
      const a = this.must(name);
      if (a.role === 'admin' && role !== 'admin') this.keepAnAdmin();
      this.db.prepare('UPDATE accounts SET role = ?, updated_at = ? WHERE id = ?').run(role, new Date().toISOString(), a.id);
      return this.byId(a.id)!;
    })();
  }

  /** Removes the account and (by the foreign key) its sessions. */
  remove(name: string): Account {
    return this.db.transaction(() => {
      const a = this.must(name);
      if (a.role === 'admin') this.keepAnAdmin();
      this.db.prepare('DELETE FROM accounts WHERE id = ?').run(a.id);
      return a;
    })();
  }

  private must(name: string): Account {
    const a = this.find(name);
    if (!a) throw new NotFoundError(`没有账号 ${name}`, 'account_not_found');
    return a;
  }

  // Without an administrator nobody could manage accounts from the portal again.
  private keepAnAdmin(): void {
    const admins = this.db.prepare("SELECT count(*) FROM accounts WHERE role = 'admin'").pluck().get() as number;
    if (admins <= 1) throw new ConflictError('这是最后一个管理员账号：请先让另一个账号成为管理员', 'last_admin');
  }
}
