import type { Db, Queryable } from '../db/types.js';
import type { AppError } from '../domain/errors.js';
import { decidePinChangeInput } from '../domain/pinChecks.js';
import { isRefusal } from '../domain/dispatch/plan.js';
import { DURESS_AT_PIN_CHANGE_FLAG } from '../domain/duress.js';
import { classifyPin, hashPin } from '../auth/pins.js';
import type { PersonRow } from '../sql/persons.js';
import { pinLockout } from './pinLockout.js';
import { flagOpenAlertsSilently } from './silentDuress.js';
import { dispatchTx, ending } from './dispatchTx.js';

export interface PinChange {
  cancelPin?: string | null;
  duressPin?: string | null;
  currentPin?: string | null;
}

type PinHashes = Pick<PersonRow, 'cancel_pin_hash' | 'duress_pin_hash' | 'decoy_pin_hash'>;

/**
 * New PINs, checked, hashed: both together, different from each other. Once the person has PINs the change
 * needs the current cancel PIN, checked under the same lockout as `cancelAlert` (services/pinLockout.ts);
 * `save` stores the result (and the rest of the profile) in the same transaction.
 *
 * The duress PIN given as the current PIN is answered exactly like the cancel PIN (the change "succeeds"),
 * because whoever forces a person to change their PINs is the one the duress PIN exists for:
 * - the person's open alerts are flagged silently for the control room (domain/duress.ts), as a duress PIN
 *   typed during a lockout is; the phone's views do not change;
 * - the new duress PIN is the duress PIN, and the new "cancel" PIN becomes a decoy that acts as the duress
 *   PIN too: whoever chose it believes it cancels, and every cancel with it will look real and be duress;
 * - the real cancel PIN stays the person's own, the one way to cancel or to change the PINs for real;
 * - the old duress PIN stops working, answered INCORRECT_PIN as an old PIN is after a real change.
 */
export async function changePins(db: Db, current: PersonRow, input: PinChange, save: (q: Queryable, pins: PinHashes) => Promise<void>): Promise<void> {
  const request = decidePinChangeInput(Boolean(current.cancel_pin_hash), input);
  if (isRefusal(request)) throw request;
  const given = request.current;
  const fresh = { cancel: await hashPin(request.cancel), duress: await hashPin(request.duress) };
  if (!current.cancel_pin_hash || given === null) {
    // The first PINs of a person who has none: nothing to prove yet.
    await dispatchTx(db, async (tx) => ending(await save(tx.q, { cancel_pin_hash: fresh.cancel, duress_pin_hash: fresh.duress, decoy_pin_hash: null })));
    return;
  }
  // Every hash, always, and before the transaction, as in cancelAlert.
  const verdict = await classifyPin(given, { cancel: current.cancel_pin_hash, duress: current.duress_pin_hash, decoy: current.decoy_pin_hash });
  const { value: refusal } = await dispatchTx(db, async (tx) => {
    const q = tx.q;
    const duress = verdict === 'DURESS';
    const locked = await pinLockout(q, current.id, verdict, () =>
      flagOpenAlertsSilently(tx, current.id, duress, DURESS_AT_PIN_CHANGE_FLAG, 'duress PIN given to change the PINs while PIN entry was locked out: treat as DURESS, top priority; the phone still shows the alert open'),
    );
    if (locked) return ending<AppError | null>(locked);
    await flagOpenAlertsSilently(tx, current.id, duress, DURESS_AT_PIN_CHANGE_FLAG, 'duress PIN given to change the PINs: treat as DURESS, top priority; the new PINs both act as duress; the phone still shows the alert open');
    if (duress) await save(q, { cancel_pin_hash: current.cancel_pin_hash, duress_pin_hash: fresh.duress, decoy_pin_hash: fresh.cancel });
    else await save(q, { cancel_pin_hash: fresh.cancel, duress_pin_hash: fresh.duress, decoy_pin_hash: null });
    return ending<AppError | null>(null);
  });
  if (refusal) throw refusal;
}
