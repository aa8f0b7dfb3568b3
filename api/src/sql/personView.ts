import type { Queryable } from '../db/types.js';
import { reviveAlertRow } from '../domain/personAlertView.js';
import type { AlertRow } from './rows.js';

/**
 * Keeps the alert as the phone sees it right now (its alert_view row) for the person's view from here on:
 * called with the duress PIN, before the alert is marked, inside the same transaction.
 */
export async function freezePersonView(q: Queryable, alertId: string): Promise<void> {
  await q.query(
    `/* freeze_person_view */ update alerts a set person_view = (select to_jsonb(v) - 'person_view' from alert_view v where v.id = $1::uuid) where a.id = $1::uuid`,
    [alertId],
  );
}

/**
 * The frozen row, or null. Read for every alert the person looks at (not only under duress), so a duress
 * alert costs the phone's request the same work as any other: an alert_view row carries it (migration 0019),
 * a row read some other way has it read here.
 */
export async function frozenPersonView(q: Queryable, a: AlertRow): Promise<AlertRow | null> {
  if (a.person_view !== undefined) return frozenRow(a.person_view);
  const r = await q.query<{ v: AlertRow['person_view'] }>('/* frozen_person_view */ select person_view as v from alerts where id = $1::uuid', [a.id]);
  return frozenRow(r.rows[0]?.v ?? null);
}

const frozenRow = (v: AlertRow['person_view']): AlertRow | null => (v ? reviveAlertRow(typeof v === 'string' ? JSON.parse(v) : v) : null);
