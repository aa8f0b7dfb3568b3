import type { Queryable } from '../db/types.js';
import type { EventRow } from './rows.js';
import { reviveEvent } from './events.js';

/** What an advisor's field view starts from: their reach, as `nearbyStream` computes it for live events. */
export interface NearbyReach {
  advisorId: string;
  /** null: no radius part (no usable position: none, or one flagged implausible). */
  consulateId: string | null;
  lon: number | null;
  lat: number | null;
  radiusM: number;
}

/** Open alerts read at once, at most (a raid at one consulate is hundreds). */
export const NEARBY_SNAPSHOT_LIMIT = 5_000;

/**
 * The open alerts an advisor should see right now, each as its latest event, oldest first, and `horizon`:
 * the last event seq the read reflects. One statement, so one snapshot: every event up to the horizon is
 * reflected in the alerts read and none after it, and the stream continues from the horizon with neither a
 * gap nor a duplicate (events commit in seq order: docs/DESIGN.md). In reach: offered or assigned to the
 * advisor (any consulate), or unassigned in the advisor's consulate within the radius.
 */
export async function nearbySnapshot(q: Queryable, r: NearbyReach): Promise<{ horizon: number; events: EventRow[] }> {
  const res = await q.query<{ horizon: string | number } & Partial<EventRow>>(
    `with horizon as (select coalesce(max(seq), 0) as last from alert_events),
     reach as (
       select a.id from alerts a
       where a.status not in ('RESOLVED', 'CANCELLED')
         and (a.assigned_advisor_id = $1::uuid
              or exists (select 1 from alert_offers o where o.id = a.current_offer_id and o.outcome is null and o.advisor_id = $1::uuid)
              or ($2::text is not null and a.consulate_id = $2 and a.status in ('RAISED', 'OFFERED', 'ESCALATED')
                  and ST_DWithin(a.location, ST_SetSRID(ST_MakePoint($3::float8, $4::float8), 4326)::geography, $5::float8)))
       limit ${NEARBY_SNAPSHOT_LIMIT})
     select h.last as horizon, e.seq, e.alert_id, e.consulate_id, e.from_consulate_id, e.type, e.from_status, e.to_status,
            e.actor_role, e.actor_id, e.note, e.at, (select to_json(v) from alert_view v where v.id = e.alert_id) as alert
     from horizon h
     left join lateral (
       select x.* from reach
       cross join lateral (select * from alert_events ev where ev.alert_id = reach.id and ev.seq <= h.last order by ev.seq desc limit 1) x
     ) e on true
     order by e.seq`,
    [r.advisorId, r.consulateId, r.lon, r.lat, r.radiusM],
  );
  const horizon = Number(res.rows[0]?.horizon ?? 0);
  const events = res.rows.filter((row) => row.seq !== null && row.seq !== undefined).map((row) => {
    const { horizon: _h, ...e } = row;
    return reviveEvent(e as EventRow);
  });
  return { horizon, events };
}
