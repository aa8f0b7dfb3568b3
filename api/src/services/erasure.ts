import type { Db } from '../db/types.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { lockPinChecks } from '../sql/pinFailures.js';
import { phoneOpenAlerts } from '../sql/persons.js';
import { cutDuressFromPhone, eraseIdentity, purgeClosedAlerts } from '../sql/privacy.js';
import { scrubDisk } from './diskScrub.js';

/**
 * `deleteMyData`: the person's identity (name, contacts, PINs) erased, their closed alerts purged, their
 * alerts cancelled with the duress PIN cut from them as the cancelled ones are, then the bytes scrubbed
 * from the database's files.
 *
 * Refused (ALERT_OPEN) while an alert is open as the phone sees it, rather than erasing the PINs of an
 * alert still running: without PINs the phone could no longer cancel it, and the duress PIN, which is what
 * keeps someone who forces the person to "delete everything" from learning anything, would stop working
 * exactly then. An alert cancelled with the duress PIN counts as closed here (the phone shows it cancelled,
 * so refusing would tell the two cancels apart); it stays open for the control room.
 */
export async function deleteMyData(db: Db, personId: string): Promise<void> {
  await db.tx(async (q) => {
    // The same per-person lock as PIN checks: no cancel or PIN change of this person runs meanwhile.
    await lockPinChecks(q, personId);
    if ((await phoneOpenAlerts(q, personId)) > 0)
      throw new AppError(ErrorCode.ALERT_OPEN, 'an alert of yours is still open: cancel it (or wait until it is closed) before deleting your data');
    await eraseIdentity(q, personId);
    await purgeClosedAlerts(q, { personId });
    await cutDuressFromPhone(q, { personId });
  });
  await scrubDisk(db);
}
