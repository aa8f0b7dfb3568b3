/**
 * A duress PIN typed while PIN entry is locked out. The answer to the phone is the lockout, the same for
 * every PIN, so the phone's views must not change either: the alert is not marked `duress` (which the
 * phone shows as a cancel) but flagged for the control room, with an event the phone never receives. The
 * next PIN accepted after the lockout, whichever it is, completes it as an ordinary duress cancel.
 */
export const SILENT_DURESS_FLAG = 'DURESS_DURING_LOCKOUT';
export const SILENT_DURESS_EVENT = 'DURESS_SILENT';

export const hasSilentDuress = (flags: readonly string[] | null | undefined): boolean => (flags ?? []).includes(SILENT_DURESS_FLAG);
