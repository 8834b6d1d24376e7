// Password hashing with scrypt (node:crypto, a memory-hard KDF). Parameters: N = 2^15, r = 8,
// p = 1 — 32 MiB of memory and about 0.1 s per hash on one core, the OWASP recommendation for
// scrypt — 16 random bytes of salt, 32 bytes of output. The parameters are stored with each
// hash ("scrypt$N$r$p$salt$hash", base64), so stronger ones can be adopted later and old hashes
// still verify.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1, keylen: 32, saltBytes: 16 } as const;

/** Node refuses scrypt above 32 MiB unless told; 128·N·r bytes plus headroom. */
const maxmem = (N: number, r: number) => 128 * N * r * 2;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** Why a new password is not acceptable, or null. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < PASSWORD_MIN) return `密码至少 ${PASSWORD_MIN} 个字符`;
  if ([...password].length > PASSWORD_MAX) return `密码最多 ${PASSWORD_MAX} 个字符`;
  if (password.trim() !== password) return '密码首尾不能有空格';
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keylen, saltBytes } = SCRYPT_PARAMS;
  const salt = randomBytes(saltBytes);
  const key = await scrypt(password.normalize('NFC'), salt, keylen, { N, r, p, maxmem: maxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  if (!N || !r || !p || expected.length === 0) return false;
  const key = await scrypt(password.normalize('NFC'), salt, expected.length, { N, r, p, maxmem: maxmem(N, r) });
  return timingSafeEqual(key, expected);
}

// Verifying against this when the user name is unknown makes a wrong name cost the same time as
// a wrong password, so the answer's timing does not tell which names exist.
let dummy: Promise<string> | null = null;
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummy);
  return false;
}
