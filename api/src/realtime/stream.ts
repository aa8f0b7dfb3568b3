import type { Queryable } from '../db/types.js';
import { eventsAfter, type EventScope } from '../sql/events.js';
import type { EventRow } from '../sql/rows.js';
import type { EventHub } from './hub.js';

const MAX_BUFFERED = 10_000;

/**
 * A stream of events in scope: first every event after `afterSeq` read from the table, then live
 * events from the hub. It subscribes to the hub before replaying and drops live events at or below
 * the last replayed seq, so the switch from replay to live has no gap and no duplicate.
 */
export async function* eventStream(
  db: Queryable,
  hub: EventHub,
  scope: EventScope,
  afterSeq: number | null,
  signal?: AbortSignal,
): AsyncGenerator<EventRow> {
  const inScope = (e: EventRow) =>
    (scope.consulateId === null || e.consulate_id === scope.consulateId || e.from_consulate_id === scope.consulateId) &&
    (!scope.alertId || e.alert_id === scope.alertId);

  const queue: EventRow[] = [];
  let wakeUp: (() => void) | null = null;
  let overflow = false;
  const unsubscribe = hub.subscribe((e) => {
    if (!inScope(e)) return;
    if (queue.length >= MAX_BUFFERED) overflow = true;
    else queue.push(e);
    wakeUp?.();
  });
  const onAbort = () => wakeUp?.();
  signal?.addEventListener('abort', onAbort);

  try {
    // Without a cursor the stream starts at what this process has already delivered: live only.
    let last = afterSeq ?? hub.deliveredSeq;
    if (afterSeq !== null) {
      for (;;) {
        const page = await eventsAfter(db, last, scope, 500);
        for (const e of page) {
          last = e.seq;
          yield e;
        }
        if (page.length < 500) break;
      }
    }
    for (;;) {
      if (signal?.aborted) return;
      if (overflow) throw new Error('subscriber fell too far behind; reconnect with your last cursor');
      const e = queue.shift();
      if (e) {
        if (e.seq <= last) continue; // already replayed
        last = e.seq;
        yield e;
        continue;
      }
      await new Promise<void>((r) => (wakeUp = r));
      wakeUp = null;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Cursors are the event seq as a decimal string; anything else is refused. */
export function parseCursor(after: string | null | undefined): number | null {
  if (after === null || after === undefined) return null;
  if (!/^\d{1,15}$/.test(after)) return NaN;
  return Number(after);
}

/** Passes on only the events `accept` keeps (audience filters that SQL scopes cannot express). */
export async function* filterStream(source: AsyncGenerator<EventRow>, accept: (e: EventRow) => boolean): AsyncGenerator<EventRow> {
  try {
    for await (const e of source) if (accept(e)) yield e;
  } finally {
    await source.return(undefined);
  }
}
