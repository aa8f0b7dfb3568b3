import { distance, point } from '@turf/turf';
import type { Db } from '../db/types.js';
import { AppError, ErrorCode } from '../domain/errors.js';
import { UNASSIGNED_STATUSES } from '../domain/lifecycle.js';

const isUnassigned = (s: string) => (UNASSIGNED_STATUSES as readonly string[]).includes(s);
import { isPersonFacing } from '../domain/personWording.js';
import { closesForPhone, personEvent } from '../graphql/visibility.js';
import type { EventRow } from '../sql/rows.js';
import { advisorById } from '../sql/roster.js';
import type { EventHub } from './hub.js';
import { eventStream } from './stream.js';

/** How often a long-lived advisor stream re-reads the advisor (position, deactivation). */
const ADVISOR_REFRESH_MS = 2_000;

/**
 * The person's own alert, worded steps only, up to the step that closes it as the phone sees it, and then
 * the stream completes: after a cancel, a resolve, or a duress cancel (shown as CANCELLED) alike. It used to
 * complete only after a duress cancel, and, subscribed without a cursor after one, to go on delivering the
 * control room's later steps. Already closed when subscribing: the steps up to the close after `after`
 * (none without a cursor, as a live stream starts now), then complete.
 */
export async function* personAlertStream(db: Db, hub: EventHub, alertId: string, after: number | null, signal?: AbortSignal): AsyncGenerator<EventRow> {
  const end = await db.query<{ seq: string | number | null }>(
    `select min(seq) as seq from alert_events where alert_id = $1::uuid and (type = 'DURESS' or to_status in ('CANCELLED', 'RESOLVED'))`,
    [alertId],
  );
  const endSeq = end.rows[0]?.seq == null ? null : Number(end.rows[0].seq);
  if (endSeq !== null && (after === null || after >= endSeq)) return;
  for await (const e of eventStream(db, hub, { consulateId: null, alertId }, after, signal)) {
    const shown = personEvent(e);
    if (shown && isPersonFacing(shown.type)) yield shown;
    if (shown && closesForPhone(shown)) return;
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
