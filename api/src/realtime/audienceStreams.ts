import type { Db } from '../db/types.js';
import { isPersonFacing } from '../domain/personWording.js';
import type { EventRow } from '../sql/rows.js';
import type { EventHub } from './hub.js';
import { eventStream } from './stream.js';

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
