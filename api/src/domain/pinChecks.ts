import { AppError, ErrorCode, badInput } from './errors.js';

/**
 * The PIN rules decided before and around the hashing, without a database: who may try a PIN at all,
 * what a try counts as under the lockout, and what a PIN change must carry. Hashing and classifying a PIN
 * (scrypt) stay in auth/pins.ts; services/ read the counts, lock, and write what these decide.
 */

/**
 * Wrong PINs tolerated per person within the window before `cancelAlert` refuses every PIN with
 * RATE_LIMITED: at most 480 guesses a day, so an even chance at a 4-digit PIN takes about 10 days of
 * non-stop guessing (a 6-digit one about 3 years), while every alert being guessed at stays open.
 */
export const PIN_LOCKOUT = { maxFailures: 5, windowSeconds: 15 * 60 } as const;

/** Which of the person's PINs a given one is (auth/pins.ts `classifyPin`). */
export type PinVerdict = 'CANCEL' | 'DURESS' | 'WRONG';

/** PINs are 4-8 digits: typed under stress on a phone, not passwords. */
export function pinFormatRefusal(pin: unknown, field: string): AppError | null {
  return typeof pin === 'string' && /^\d{4,8}$/.test(pin) ? null : badInput(`${field} must be 4 to 8 digits`, field);
}

/** `pin` when it is 4-8 digits; throws the refusal otherwise. */
export function parsePin(pin: unknown, field: string): string {
  const refused = pinFormatRefusal(pin, field);
  if (refused) throw refused;
  return pin as string;
}

/**
 * Whether a cancel may try a PIN, before any hash or transaction. A person with no PINs (never set, or
 * erased by deleteMyData) cannot cancel at all, whatever they send (PIN_NOT_SET, before the missing PIN):
 * any PIN once gave a real cancel, with no duress and no lockout; the control room closes the alert.
 */
export function cancelPinRefusal(person: { cancel_pin_hash: string | null } | null, pin: string | null): AppError | null {
  if (!person?.cancel_pin_hash) return new AppError(ErrorCode.PIN_NOT_SET, 'no PINs are set: the control room will close this alert');
  if (pin === null) return badInput('pin is required to cancel', 'pin');
  return null;
}

/**
 * What one PIN try is, given the person's wrong PINs within the window (`recentFailures`, read under their
 * lock). Locked out: every PIN gets the same RATE_LIMITED and nothing is counted (the caller runs what a
 * duress PIN still does there, for every PIN alike). Otherwise a wrong PIN is counted and refused, and a
 * right one is accepted and clears nothing: a reset on a right PIN would let whoever was given the duress
 * PIN buy fresh guesses with it, and a reset on one right PIN and not the other would tell them apart.
 */
export type PinTry =
  | { outcome: 'LOCKED_OUT'; refusal: AppError }
  | { outcome: 'WRONG'; refusal: AppError }
  | { outcome: 'ACCEPTED'; verdict: Exclude<PinVerdict, 'WRONG'> };

export function decidePinTry(recentFailures: number, verdict: PinVerdict, limits: { maxFailures: number } = PIN_LOCKOUT): PinTry {
  if (recentFailures >= limits.maxFailures) return { outcome: 'LOCKED_OUT', refusal: new AppError(ErrorCode.RATE_LIMITED, 'too many incorrect PINs; try again later') };
  if (verdict === 'WRONG') return { outcome: 'WRONG', refusal: new AppError(ErrorCode.INCORRECT_PIN, 'incorrect PIN') };
  return { outcome: 'ACCEPTED', verdict };
}

/** New PINs as given, checked: both 4-8 digits and different; `current` is null for a person's first PINs. */
export interface PinChangeRequest {
  cancel: string;
  duress: string;
  current: string | null;
}

/**
 * A PIN change's input, before any hash: the new cancel PIN, the new duress PIN, that they differ, then,
 * once the person has PINs, the current PIN (checked under the lockout afterwards). Refusals in that order.
 */
export function decidePinChangeInput(hasPins: boolean, input: { cancelPin?: unknown; duressPin?: unknown; currentPin?: unknown }): PinChangeRequest | AppError {
  const refused = pinFormatRefusal(input.cancelPin, 'cancelPin') ?? pinFormatRefusal(input.duressPin, 'duressPin');
  if (refused) return refused;
  if (input.cancelPin === input.duressPin) return badInput('duressPin must differ from cancelPin', 'duressPin');
  if (!hasPins) return { cancel: input.cancelPin as string, duress: input.duressPin as string, current: null };
  return pinFormatRefusal(input.currentPin, 'currentPin') ?? { cancel: input.cancelPin as string, duress: input.duressPin as string, current: input.currentPin as string };
}
