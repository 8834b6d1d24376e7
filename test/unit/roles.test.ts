// Roles are ordered: each has what the one below has; AUTH=off (no user) is the loopback operator.
import { describe, expect, it } from 'vitest';
import { can, isRole, ROLE_NAMES, type Permission } from '../../src/core/auth/roles.js';

const user = (role: 'reader' | 'editor' | 'admin') => ({ id: 1, name: 'x', role });
const ALL: Permission[] = ['read', 'upload', 'delete-own', 'delete-any', 'manage-accounts', 'read-audit'];

describe('roles', () => {
  it('grants each role exactly the issue\'s permissions', () => {
    const granted = (role: 'reader' | 'editor' | 'admin') => ALL.filter((p) => can(user(role), p));
    expect(granted('reader')).toEqual(['read']);
    expect(granted('editor')).toEqual(['read', 'upload', 'delete-own']);
    expect(granted('admin')).toEqual(ALL);
  });

  it('a higher role has everything a lower one has', () => {
    for (const p of ALL) {
      const holders = ROLE_NAMES.filter((r) => can(user(r), p));
      expect(holders).toEqual(ROLE_NAMES.slice(ROLE_NAMES.length - holders.length));
    }
  });

  it('no user (AUTH=off) may do everything; only known role names are roles', () => {
    for (const p of ALL) expect(can(undefined, p)).toBe(true);
    expect(isRole('admin')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
