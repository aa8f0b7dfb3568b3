import type { Queryable } from '../db/types.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { PIN_LOCKOUT, type PinVerdict } from '../auth/pins.js';
import { lockPinChecks, recentPinFailures, recordPinFailure } from '../sql/pinFailures.js';

/**
 * The one PIN lockout, shared by every place a PIN is checked (`cancelAlert`, changing the PINs), inside
 * the caller's transaction. Returns the refusal to give, or null when the PIN was accepted (CANCEL or
 * DURESS) and the caller goes on.
 *
 * After `PIN_LOCKOUT.maxFailures` wrong PINs within `PIN_LOCKOUT.windowSeconds` every PIN gets the same
 * RATE_LIMITED answer and nothing is counted; `whileLocked` runs then, for every PIN (so a duress PIN,
 * which flags the alert silently there, differs from the others only by those writes). Only wrong PINs are counted, and a right one clears nothing: a reset on a right PIN would let
 * whoever was given the duress PIN buy fresh guesses with it, and a reset on one right PIN and not the other
 * would tell them apart. The count is taken under a per-person advisory lock, so concurrent guesses (also
 * across processes) cannot slip under the limit.
 */
export async function pinLockout(q: Queryable, personId: string, verdict: PinVerdict, whileLocked: () => Promise<void>): Promise<AppError | null> {
  await lockPinChecks(q, personId);
  if ((await recentPinFailures(q, personId, PIN_LOCKOUT.windowSeconds)) >= PIN_LOCKOUT.maxFailures) {
    await whileLocked();
    return new AppError(ErrorCode.RATE_LIMITED, 'too many incorrect PINs; try again later');
  }
  if (verdict === 'WRONG') {
    await recordPinFailure(q, personId);
    return new AppError(ErrorCode.INCORRECT_PIN, 'incorrect PIN');
  }
  return null;
}
