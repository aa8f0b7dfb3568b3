import { distance, point } from '@turf/turf';
import type { Db } from '../db/types.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { UNASSIGNED_STATUSES } from '../domain/lifecycle.js';

const isUnassigned = (s: string) => (UNASSIGNED_STATUSES as readonly string[]).includes(s);
import { isPersonFacing } from '../domain/personWording.js';
import type { EventRow } from '../sql/rows.js';
import { advisorById } from '../sql/roster.js';
import type { EventHub } from './hub.js';
import { eventStream } from './stream.js';

/** How often a long-lived advisor stream re-reads the advisor (position, deactivation). */
const ADVISOR_REFRESH_MS = 2_000;

/**
 * The person's own alert, worded steps only. After a duress cancel the phone sees the cancel and
 * nothing more: the DURESS event is shown as CANCELLED and the stream ends there.
 */
export async function* personAlertStream(db: Db, hub: EventHub, alertId: string, after: number | null, signal?: AbortSignal): AsyncGenerator<EventRow> {
  // Already cancelled under duress, and the phone has seen it: there is nothing more to show.
  const duress = await db.query<{ seq: number }>(`select seq from alert_events where alert_id = $1::uuid and type = 'DURESS' order by seq limit 1`, [alertId]);
  const duressSeq = duress.rows[0] ? Number(duress.rows[0].seq) : null;
  if (duressSeq !== null && after !== null && after >= duressSeq) return;
  for await (const e of eventStream(db, hub, { consulateId: null, alertId }, after, signal)) {
    if (e.type === 'DURESS') {
      yield { ...e, type: 'CANCELLED', to_status: 'CANCELLED', note: null };
      return;
    }
    if (isPersonFacing(e.type)) yield e;
  }
}

/**
 * An advisor's field view: offers made to them, changes to alerts assigned to them, and unassigned
 * open alerts within `radiusM` of their last reported position (great-circle distance, turf). The advisor row is
 * re-read every few seconds, so a deactivated advisor's stream ends within that time.
 */
export async function* nearbyStream(db: Db, hub: EventHub, advisorId: string, radiusM: number, signal?: AbortSignal): AsyncGenerator<EventRow> {
  let me = await advisorById(db, advisorId);
  let readAt = Date.now();
  for await (const e of eventStream(db, hub, { consulateId: null }, null, signal)) {
    if (Date.now() - readAt > ADVISOR_REFRESH_MS) {
      me = await advisorById(db, advisorId);
      readAt = Date.now();
    }
    if (!me?.active) throw new AppError(ErrorCode.FORBIDDEN, 'this advisor is no longer active');
    const a = e.alert;
    const mine = a.offer_advisor?.id === advisorId || a.assigned_advisor?.id === advisorId;
    // Near means "still needs someone": once another advisor has it, its updates are not ours to see.
    const near =
      isUnassigned(a.status) &&
      typeof me.lon === 'number' &&
      typeof me.lat === 'number' &&
      distance(point([me.lon, me.lat]), point([a.lon, a.lat]), { units: 'meters' }) <= radiusM;
    if (mine || near) yield e;
  }
}
