import type { Queryable } from '../db/types.js';
import { isOpen } from '../domain/lifecycle.js';
import { SILENT_DURESS_EVENT, hasSilentDuress } from '../domain/duress.js';
import { addFlag, lockAlert, type LockedAlert } from '../sql/dispatch.js';
import { record } from './transition.js';

/**
 * Marks one of the person's open alerts as under duress without changing anything the phone sees
 * (domain/duress.ts): a flag and an event for the control room only. Nothing for an alert already under
 * duress, closed, or not theirs. Runs inside a dispatch transaction.
 */
export async function flagSilently(q: Queryable, a: LockedAlert | null, personId: string, flag: string, note: string): Promise<void> {
  if (!a || a.person_id !== personId || !isOpen(a.status) || a.duress || hasSilentDuress(a.flags)) return;
  await addFlag(q, a.id, flag);
  await record(q, a, SILENT_DURESS_EVENT, { role: 'PERSON', id: personId }, { note });
}

/**
 * The same for every alert of the person that is open as the phone sees it, when `duress`. The alerts are
 * read and locked for every PIN, so a duress PIN differs from the others only by the flag's small writes.
 */
export async function flagOpenAlertsSilently(q: Queryable, personId: string, duress: boolean, flag: string, note: string): Promise<void> {
  const open = await q.query<{ id: string }>(
    `select id from alerts where person_id = $1::text and closed_at is null and not duress order by created_at`,
    [personId],
  );
  for (const { id } of open.rows) {
    const a = await lockAlert(q, id);
    if (duress) await flagSilently(q, a, personId, flag, note);
  }
}
