// scrypt password hashes: verify the right password only, parameters stored with the hash.
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, SCRYPT_PARAMS, verifyAgainstNothing, verifyPassword } from '../../src/core/auth/passwords.js';

describe('passwords', () => {
  it('verifies the password it hashed and nothing else; the same password hashes differently each time', async () => {
    const h1 = await hashPassword('长城 long password');
    const h2 = await hashPassword('长城 long password');
    expect(h1).not.toBe(h2);
    expect(await verifyPassword('长城 long password', h1)).toBe(true);
    expect(await verifyPassword('长城 long passworD', h1)).toBe(false);
    expect(await verifyPassword('', h1)).toBe(false);
  });

  it('stores its parameters, so hashes made with other parameters still verify', async () => {
    const h = await hashPassword('some password 1');
    const [scheme, N, r, p, salt, key] = h.split('$');
    expect([scheme, Number(N), Number(r), Number(p)]).toEqual(['scrypt', SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p]);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    // A hash made with N = 2^14 (an older setting) verifies with its own parameters.
    const { scryptSync } = await import('node:crypto');
    const s = Buffer.alloc(16, 7);
    const old = ['scrypt', 2 ** 14, 8, 1, s.toString('base64'), scryptSync('old one here', s, 32, { N: 2 ** 14, r: 8, p: 1 }).toString('base64')].join('$');
    expect(await verifyPassword('old one here', old)).toBe(true);
  });

  it('never accepts a malformed stored value', async () => {
    for (const stored of ['', 'plain', 'bcrypt$x$y$z$a$b', 'scrypt$0$8$1$AAAA$AAAA', 'scrypt$16384$8$1$AAAA$']) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
    expect(await verifyAgainstNothing('anything')).toBe(false);
  });

  it('asks for at least 10 characters without surrounding spaces', () => {
    expect(passwordProblem('short')).toMatch(/至少 10/);
    expect(passwordProblem('十个汉字也算十个字符啊')).toBeNull();
    expect(passwordProblem(' leading space ok?')).toMatch(/空格/);
    expect(passwordProblem('a'.repeat(257))).toMatch(/最多/);
  });
});
