import type { Queryable } from '../db/types.js';
import type { AlertStatus } from '../generated/enums.js';

export interface ClockStatsRow {
  clock: string;
  count: number;
  medianS: number | null;
  p90S: number | null;
}

export interface DispatchStatsRow {
  consulateId: string | null;
  windowHours: number;
  countsByStatus: Array<{ status: AlertStatus; count: number }>;
  clocks: ClockStatsRow[];
}

/** Counts by status and the median / p90 of each dispatch clock, over alerts received in the window. */
export async function dispatchStats(q: Queryable, consulateId: string | null, windowHours: number): Promise<DispatchStatsRow> {
  const scope = `from alerts where created_at > now() - make_interval(hours => $2::int) and ($1::text is null or consulate_id = $1)`;
  const counts = await q.query<{ status: AlertStatus; count: number }>(
    `select status, count(*)::int as count ${scope} group by status order by status`,
    [consulateId, windowHours],
  );
  const clocks = await q.query<ClockStatsRow>(
    `with w as (select * ${scope}),
     c as (
       select 'toOffer' as clock, 1 as ord, extract(epoch from offered_at - created_at) as s from w where offered_at is not null
       union all select 'toAcknowledge', 2, extract(epoch from acknowledged_at - created_at) from w where acknowledged_at is not null
       union all select 'toOnScene', 3, extract(epoch from on_scene_at - created_at) from w where on_scene_at is not null
       union all select 'toResolve', 4, extract(epoch from closed_at - created_at) from w where status = 'RESOLVED')
     select k.clock, count(c.s)::int as "count",
            percentile_cont(0.5) within group (order by c.s) as "medianS",
            percentile_cont(0.9) within group (order by c.s) as "p90S"
     from (values ('toOffer', 1), ('toAcknowledge', 2), ('toOnScene', 3), ('toResolve', 4)) as k(clock, ord)
     left join c on c.clock = k.clock
     group by k.clock, k.ord order by k.ord`,
    [consulateId, windowHours],
  );
  return {
    consulateId,
    windowHours,
    countsByStatus: counts.rows,
    clocks: clocks.rows.map((r) => ({ ...r, medianS: r.medianS === null ? null : Number(r.medianS), p90S: r.p90S === null ? null : Number(r.p90S) })),
  };
}
