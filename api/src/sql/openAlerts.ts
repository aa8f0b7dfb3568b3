import type { Queryable } from '../db/types.js';
import type { AlertRow } from './rows.js';

/** The flag the raise limit puts on an alert (api/src/services/raiseAlert.ts): verify before sending anyone. */
export const ABUSE_FLAG = 'RATE_LIMITED';

/**
 * A console's open alerts, newest first: every open alert not flagged as abuse, however many, and of the
 * flagged ones the newest `flaggedLimit`. A limit over all of them let one person who raised thousands of
 * alerts (each recorded, flagged RATE_LIMITED) push an earlier genuine alert out of a reloaded console.
 */
export async function openAlertsForConsole(q: Queryable, consulateId: string | null, flaggedLimit: number): Promise<AlertRow[]> {
  const r = await q.query<AlertRow>(
    `(select * from alert_view
      where ($1::text is null or consulate_id = $1) and status not in ('RESOLVED', 'CANCELLED') and not ($2::text = any(flags)))
     union all
     (select * from alert_view
      where ($1::text is null or consulate_id = $1) and status not in ('RESOLVED', 'CANCELLED') and $2::text = any(flags)
      order by created_at desc limit $3)
     order by created_at desc`,
    [consulateId, ABUSE_FLAG, flaggedLimit],
  );
  return r.rows;
}

/** How many open alerts in scope carry the abuse flag (what a console's load may have left out). */
export async function countOpenFlagged(q: Queryable, consulateId: string | null): Promise<number> {
  const r = await q.query<{ n: number }>(
    `select count(*)::int as n from alerts
     where ($1::text is null or consulate_id = $1) and status not in ('RESOLVED', 'CANCELLED') and $2::text = any(flags)`,
    [consulateId, ABUSE_FLAG],
  );
  return Number(r.rows[0]?.n ?? 0);
}
