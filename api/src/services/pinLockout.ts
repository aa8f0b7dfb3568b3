import type { Queryable } from '../db/types.js';
import type { AppError } from '../domain/errors.js';
import { PIN_LOCKOUT, decidePinTry, type PinVerdict } from '../domain/pinChecks.js';
import { lockPinChecks, recentPinFailures, recordPinFailure } from '../sql/pinFailures.js';

/**
 * The one PIN lockout, shared by every place a PIN is checked (`cancelAlert`, changing the PINs), inside
 * the caller's transaction: the rule is `decidePinTry` (domain/pinChecks.ts); here the count is read under
 * a per-person advisory lock, so concurrent guesses (also across processes) cannot slip under the limit,
 * and a wrong PIN is recorded. Returns the refusal to give, or null when the PIN was accepted (CANCEL or
 * DURESS) and the caller goes on. `whileLocked` runs when locked out, for every PIN (so a duress PIN,
 * which flags the alert silently there, differs from the others only by those writes).
 */
export async function pinLockout(q: Queryable, personId: string, verdict: PinVerdict, whileLocked: () => Promise<void>): Promise<AppError | null> {
  await lockPinChecks(q, personId);
  const attempt = decidePinTry(await recentPinFailures(q, personId, PIN_LOCKOUT.windowSeconds), verdict);
  if (attempt.outcome === 'ACCEPTED') return null;
  if (attempt.outcome === 'LOCKED_OUT') await whileLocked();
  else await recordPinFailure(q, personId);
  return attempt.refusal;
}
