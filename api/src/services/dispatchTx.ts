import type { Db, TxQueryable } from '../db/types.js';
import type { AlertEventType } from '../generated/enums.js';
import { appendEventsLast, type AppendedEvent, type NewEvent } from '../sql/events.js';
import type { ActorRef, AlertState, EventExtra } from '../domain/dispatch/plan.js';

/** An event as committed: what was recorded, with its sequence number and time. */
export type CommittedEvent = NewEvent & AppendedEvent;

/**
 * One dispatch transaction, as a value: its statements run on `q`, and the events it records are buffered
 * and appended together at the very end, so the global event-writer lock (sequence order = commit order) is
 * held only for that insert and the commit, never across the candidate search or other work.
 */
export interface DispatchTx {
  /** The transaction's connection, without its commit (which belongs to `dispatchTx`). */
  readonly q: Omit<TxQueryable, 'queryAndCommit'>;
  /** An event (a status change, an offer declined, a hand-over…): from/to default to the alert's status now. */
  record(a: Pick<AlertState, 'id' | 'consulate_id' | 'status'>, type: AlertEventType, actor: ActorRef, extra?: EventExtra): void;
}

/**
 * How a dispatch transaction's body ends: the value it answers, writes whose answer nobody needs (sent in
 * the message that commits: one round trip fewer), and at most one parameterless read that sees them.
 * Deferred writes exist only here, in what the body returns, so no statement of the body can come after
 * one (it would not see it): the order the runtime once had to refuse cannot be written.
 */
export interface Ending<T> {
  readonly value: T;
  readonly writes: readonly string[];
  readonly read: string | null;
}

export const ending = <T>(value: T, writes: readonly string[] = [], read: string | null = null): Ending<T> => ({ value, writes, read });

/** What `dispatchTx` answers: the body's value, the rows of its read, and its events as committed. */
export interface Committed<T> {
  value: T;
  rows: Record<string, unknown>[] | null;
  events: CommittedEvent[];
}

/** Runs `body` as a dispatch transaction on `db` (commits when it resolves, rolls back when it throws). */
export function dispatchTx<T>(db: Db, body: (tx: DispatchTx) => Promise<Ending<T>>): Promise<Committed<T>> {
  return db.tx((q) => inDispatchTx(q, body));
}

/**
 * `body` in the open transaction `q`, then its writes, its read and its events in the message that commits
 * (`appendEventsLast`; PGlite runs them one after another: db/pgliteMessages.ts).
 */
export async function inDispatchTx<T>(q: TxQueryable, body: (tx: DispatchTx) => Promise<Ending<T>>): Promise<Committed<T>> {
  const events: NewEvent[] = [];
  const tx: DispatchTx = {
    q,
    record(a, type, actor, extra = {}) {
      events.push({
        alertId: a.id,
        consulateId: extra.consulateId ?? a.consulate_id,
        fromConsulateId: extra.fromConsulateId ?? null,
        type,
        fromStatus: extra.fromStatus === undefined ? a.status : extra.fromStatus,
        toStatus: extra.toStatus ?? a.status,
        actorRole: actor.role,
        actorId: actor.id,
        note: extra.note ?? null,
      });
    },
  };
  const end = await body(tx);
  const appended = await appendEventsLast(q, events, end.read, end.writes);
  return { value: end.value, rows: appended.read, events: events.map((e, i) => ({ ...e, ...appended.appended[i]! })) };
}
