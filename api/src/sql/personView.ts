import type { Queryable } from '../db/types.js';
import { reviveAlertRow } from '../domain/personAlertView.js';
import type { AlertRow } from './rows.js';

/**
 * Keeps the alert as the phone sees it right now (its alert_view row) for the person's view from here on:
 * called with the duress PIN, before the alert is marked, inside the same transaction.
 */
export async function freezePersonView(q: Queryable, alertId: string): Promise<void> {
  await q.query(
    `/* freeze_person_view */ update alerts a set person_view = (select to_jsonb(v) from alert_view v where v.id = $1::uuid) where a.id = $1::uuid`,
    [alertId],
  );
}

/**
 * The frozen row, or null. Read for every alert the person looks at (not only under duress), so a duress
 * alert costs the phone's request the same work as any other.
 */
export async function frozenPersonView(q: Queryable, alertId: string): Promise<AlertRow | null> {
  const r = await q.query<{ v: Record<string, unknown> | null }>('/* frozen_person_view */ select person_view as v from alerts where id = $1::uuid', [alertId]);
  const v = r.rows[0]?.v;
  return v ? reviveAlertRow(typeof v === 'string' ? JSON.parse(v) : v) : null;
}
