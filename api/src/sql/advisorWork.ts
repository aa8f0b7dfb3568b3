import type { Queryable } from '../db/types.js';
import type { AlertRow } from './rows.js';

/** More than any advisor's capacity (at most 20) plus their open offers: a bound, never a page. */
const WORK_LIMIT = 50;

/**
 * One advisor's open work, oldest first: alerts assigned to them that are not closed, and alerts with an
 * open offer to them (through `alert_offers_advisor_open_idx`). The assigned half filters open alerts,
 * which stay few whatever the history's size.
 */
export async function advisorWork(q: Queryable, advisorId: string): Promise<AlertRow[]> {
  const r = await q.query<AlertRow>(
    `select * from alert_view where id in (
       select id from alerts where assigned_advisor_id = $1::uuid and status not in ('RESOLVED', 'CANCELLED')
       union
       select o.alert_id from alert_offers o join alerts a on a.current_offer_id = o.id
       where o.advisor_id = $1::uuid and o.outcome is null and a.status not in ('RESOLVED', 'CANCELLED'))
     order by created_at, id limit ${WORK_LIMIT}`,
    [advisorId],
  );
  return r.rows;
}
