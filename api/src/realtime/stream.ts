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
export function eventStream(
  db: Queryable,
  hub: EventHub,
  scope: EventScope,
  afterSeq: number | null,
  signal?: AbortSignal,
): AsyncGenerator<EventRow> {
  const inScope = (e: EventRow) =>
    (scope.consulateId === null || e.consulate_id === scope.consulateId || e.from_consulate_id === scope.consulateId) &&
    (!scope.alertId || e.alert_id === scope.alertId);
  return cursorStream(hub, { seqOf: (e) => e.seq, inScope, replay: (after) => eventsAfter(db, after, scope, REPLAY_PAGE) }, afterSeq, signal);
}

/** The page of a replay read: a shorter page ends the replay. */
export const REPLAY_PAGE = 500;

/** What `cursorStream` needs of one kind of event: its cursor, the live filter, and the replay read (a page). */
export interface CursorSource<E> {
  seqOf(e: E): number;
  inScope(e: E): boolean;
  /** Events in scope after a cursor, oldest first, at most `REPLAY_PAGE`. */
  replay(afterSeq: number): Promise<E[]>;
}

/** The replay-then-live switch of `eventStream` for any hub (alert events, incident events). */
export async function* cursorStream<E>(hub: EventHub<E>, src: CursorSource<E>, afterSeq: number | null, signal?: AbortSignal): AsyncGenerator<E> {
  const queue: E[] = [];
  let wakeUp: (() => void) | null = null;
  let overflow = false;
  const unsubscribe = hub.subscribe((e) => {
    if (!src.inScope(e)) return;
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
        const page = await src.replay(last);
        for (const e of page) {
          last = src.seqOf(e);
          yield e;
        }
        if (page.length < REPLAY_PAGE) break;
      }
    }
    for (;;) {
      if (signal?.aborted) return;
      if (overflow) throw new Error('subscriber fell too far behind; reconnect with your last cursor');
      const e = queue.shift();
      if (e) {
        if (src.seqOf(e) <= last) continue; // already replayed
        last = src.seqOf(e);
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
