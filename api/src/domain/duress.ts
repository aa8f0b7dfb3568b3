import type { AlertEventType } from '../generated/enums.js';

/**
 * A duress PIN given where the phone must see no change: typed while PIN entry is locked out (the answer is
 * the lockout, the same for every PIN), or given as the current PIN to change the PINs (the answer is an
 * ordinary success). The alert is not marked `duress` (which the phone shows as a cancel) but flagged for
 * the control room, with an event the phone never receives. The next PIN accepted to cancel it, whichever
 * it is, completes it as an ordinary duress cancel.
 */
export const SILENT_DURESS_FLAG = 'DURESS_DURING_LOCKOUT';
export const DURESS_AT_PIN_CHANGE_FLAG = 'DURESS_AT_PIN_CHANGE';
/** Every flag that means "under duress, silently": hidden from the phone, DURESS for the control room. */
export const SILENT_DURESS_FLAGS: readonly string[] = [SILENT_DURESS_FLAG, DURESS_AT_PIN_CHANGE_FLAG];
export const SILENT_DURESS_EVENT = 'DURESS_SILENT' satisfies AlertEventType;

export const hasSilentDuress = (flags: readonly string[] | null | undefined): boolean => (flags ?? []).some((f) => SILENT_DURESS_FLAGS.includes(f));
