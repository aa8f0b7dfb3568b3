import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { badInput } from '../domain/errors.js';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

/** PINs are 4-8 digits: typed under stress on a phone, not passwords. */
export function parsePin(pin: unknown, field: string): string {
  if (typeof pin !== 'string' || !/^\d{4,8}$/.test(pin)) throw badInput(`${field} must be 4 to 8 digits`, field);
  return pin;
}

/** scrypt with a per-PIN salt; stored as "scrypt$<salt>$<hash>". */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(pin, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function pinMatches(pin: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const got = await scrypt(pin, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(got, expected);
}
