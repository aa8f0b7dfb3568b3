import type { Db } from '../db/types.js';
import { isPersonFacing } from '../domain/personWording.js';
import { closesForPhone, personEvent } from '../domain/personTimeline.js';
import type { EventRow } from '../sql/rows.js';
import type { EventHub } from './hub.js';
import { eventStream } from './stream.js';

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
