import { decideSilentDuress } from '../domain/dispatch/person.js';
import { lockAlert, type LockedAlert } from '../sql/dispatch.js';
import { applyPlan } from './applyPlan.js';
import type { DispatchTx } from './dispatchTx.js';

/**
 * Marks one of the person's open alerts as under duress without changing anything the phone sees
 * (domain/duress.ts): a flag and an event for the control room only (domain/dispatch/person.ts).
 */
export async function flagSilently(tx: DispatchTx, a: LockedAlert | null, personId: string, flag: string, note: string): Promise<void> {
  if (a) await applyPlan(tx, null, a, decideSilentDuress(a, personId, { flag, note }));
}

/**
 * The same for every alert of the person that is open as the phone sees it, when `duress`. The alerts are
 * read and locked for every PIN, so a duress PIN differs from the others only by the flag's small writes.
 */
export async function flagOpenAlertsSilently(tx: DispatchTx, personId: string, duress: boolean, flag: string, note: string): Promise<void> {
  const open = await tx.q.query<{ id: string }>(
    `select id from alerts where person_id = $1::text and closed_at is null and not duress order by created_at`,
    [personId],
  );
  for (const { id } of open.rows) {
    const a = await lockAlert(tx.q, id);
    if (duress) await flagSilently(tx, a, personId, flag, note);
  }
}
