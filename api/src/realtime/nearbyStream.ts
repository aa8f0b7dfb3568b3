import { distance, point } from '@turf/turf';
import type { Db } from '../db/types.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { isUnassigned } from '../domain/lifecycle.js';
import type { AdvisorRow, EventRow } from '../sql/rows.js';
import { advisorById } from '../sql/roster.js';
import { nearbySnapshot, type NearbyReach } from '../sql/nearby.js';
import { advisorWatchFor } from './advisorWatch.js';
import type { EventHub } from './hub.js';
import { eventStream } from './stream.js';

const notActive = () => new AppError(ErrorCode.FORBIDDEN, 'this advisor is no longer active');

/** The radius part of an advisor's reach: only from a position they have, and not one flagged implausible. */
function reachOf(me: AdvisorRow, radiusM: number): NearbyReach {
  const placed = typeof me.lon === 'number' && typeof me.lat === 'number' && !me.location_suspect;
  return { advisorId: me.id, consulateId: placed ? me.consulate_id : null, lon: placed ? me.lon! : null, lat: placed ? me.lat! : null, radiusM };
}

/** The live counterpart of `nearbySnapshot`'s reach, for one event. */
export function inReach(e: EventRow, me: AdvisorRow, radiusM: number): boolean {
  const a = e.alert;
  if (a.offer_advisor?.id === me.id || a.assigned_advisor?.id === me.id) return true;
  // Near means "still needs someone", in the advisor's own consulate: once another advisor has it, or it
  // was handed over to another consulate, its updates are not theirs to see.
  const r = reachOf(me, radiusM);
  return r.consulateId !== null && a.consulate_id === r.consulateId && isUnassigned(a.status) &&
    distance(point([r.lon!, r.lat!]), point([a.lon, a.lat]), { units: 'meters' }) <= radiusM;
}

/**
 * An advisor's field view: first the open alerts in reach as they are now (each as its latest event), then
 * every later event in reach, live, continuing from the snapshot's horizon so nothing falls in between and
 * nothing comes twice (an alert escalated before the advisor came on duty is there from the start). In
 * reach: offers made to them and alerts assigned to them (any consulate), and unassigned open alerts of
 * their own consulate within `radiusM` of their last plausible position (great-circle distance, turf).
 *
 * The advisor's row is watched (`AdvisorWatch`, about once a second): a move or a new position changes the
 * reach, and a deactivation ends the stream with FORBIDDEN at once, even while no event comes.
 */
export async function* nearbyStream(db: Db, hub: EventHub, advisorId: string, radiusM: number, signal?: AbortSignal): AsyncGenerator<EventRow> {
  const inner = new AbortController();
  const stop = () => inner.abort();
  signal?.addEventListener('abort', stop);
  let revoked = false;
  let me = await advisorById(db, advisorId);
  const unwatch = advisorWatchFor(db).watch(advisorId, (row) => {
    if (row?.active) me = row;
    else {
      revoked = true;
      inner.abort();
    }
  });
  try {
    if (!me?.active) throw notActive();
    const snapshot = await nearbySnapshot(db, reachOf(me, radiusM));
    for (const e of snapshot.events) {
      if (revoked || inner.signal.aborted) break;
      yield e;
    }
    if (!revoked && !inner.signal.aborted)
      for await (const e of eventStream(db, hub, { consulateId: null }, snapshot.horizon, inner.signal)) if (inReach(e, me, radiusM)) yield e;
    if (revoked) throw notActive();
  } finally {
    unwatch();
    signal?.removeEventListener('abort', stop);
  }
}
