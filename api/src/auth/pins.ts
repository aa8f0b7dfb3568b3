import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { PinVerdict } from '../domain/pinChecks.js';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

// The rules around the hash live in domain/pinChecks.ts; re-exported for the callers that hash.
export { PIN_LOCKOUT, parsePin, type PinVerdict } from '../domain/pinChecks.js';

/** scrypt with a per-PIN salt; stored as "scrypt$<salt>$<hash>". */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(pin, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Hashed in place of a missing or unreadable stored hash, so that case costs the same scrypt. */
const DUMMY_SALT = randomBytes(16);

/** Whether `pin` is the one `stored` was made from. Always runs scrypt once, whatever `stored` holds. */
export async function pinMatches(pin: string, stored: string | null): Promise<boolean> {
  const [kind, salt, hash] = (stored ?? '').split('$');
  if (kind !== 'scrypt' || !salt || !hash) {
    await scrypt(pin, DUMMY_SALT, 32);
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const got = await scrypt(pin, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(got, expected);
}

/**
 * Which of the person's PINs `pin` is. Every hash is always computed (three scrypts, the decoy slot too
 * when empty), one after the other in the same order, never stopping at the first match: a duress PIN
 * used to cost one scrypt and every other PIN two, so the response time told the duress PIN apart. A
 * decoy (a PIN chosen while the duress PIN was given to change the PINs, services/pinChange.ts) is a
 * duress PIN, and wins over the cancel PIN should they be the same.
 */
export async function classifyPin(pin: string, hashes: { cancel: string | null; duress: string | null; decoy?: string | null }): Promise<PinVerdict> {
  const duress = await pinMatches(pin, hashes.duress);
  const decoy = await pinMatches(pin, hashes.decoy ?? null);
  const cancel = await pinMatches(pin, hashes.cancel);
  return duress || decoy ? 'DURESS' : cancel ? 'CANCEL' : 'WRONG';
}
