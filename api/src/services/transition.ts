import type { Queryable, TxQueryable } from '../db/types.js';
import type { DispatchConfig } from '../config.js';
import { assertTransition, type Actor, type AlertStatus } from '../domain/lifecycle.js';
import { appendEventsLast, type AppendedEvent, type NewEvent } from '../sql/events.js';
import { setAlertStatus, type LockedAlert } from '../sql/dispatch.js';
import type { Db } from '../db/types.js';
import type { AlertEventType } from '../generated/enums.js';

export interface DispatchDeps {
  db: Db;
  dispatch: DispatchConfig;
}

export interface ActorRef {
  role: Actor;
  id: string | null;
}

export const SYSTEM: ActorRef = { role: 'SYSTEM', id: null };

const pending = new WeakMap<Queryable, NewEvent[]>();

/**
 * A dispatch transaction. Events recorded inside it are appended together at the very end, so the
 * global event-writer lock (sequence order = commit order) is held only for that insert and the commit,
 * never across the candidate search or other work (the benchmark measured ~20 ms per raise otherwise).
 */
export async function dispatchTx<T>(db: Db, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return db.tx((tx) => {
    // A statement after a deferred write would not see it: refused rather than silently wrong.
    const notAfterDeferred = () => {
      if (deferred.get(q)?.length) throw new Error('no statement may follow deferUntilCommit() in a dispatch transaction');
    };
    const q: TxQueryable = {
      query: (sql, params, opts) => (notAfterDeferred(), tx.query(sql, params, opts)),
      exec: (sql) => tx.exec(sql),
      queryAll: tx.queryAll && ((statements) => (notAfterDeferred(), tx.queryAll!(statements))),
      queryAndCommit: tx.queryAndCommit && ((statements) => tx.queryAndCommit!(statements)),
    };
    return withEventBuffer(q, () => fn(q));
  });
}

/**
 * Buffers the events `fn` records in the open transaction `q`, then appends them together as the
 * transaction's last statement (on PostgreSQL committing in the same round trip: `appendEventsLast`),
 * with the read `fn` asked for with `readAtCommit` just before it.
 */
export async function withEventBuffer<T>(q: TxQueryable, fn: () => Promise<T>): Promise<T> {
  pending.set(q, []);
  try {
    const out = await fn();
    const read = readsAtCommit.get(q);
    const events = pending.get(q)!;
    const appended = await appendEventsLast(q, events, read?.sql ?? null, deferred.get(q) ?? []);
    if (read) {
      read.rows = appended.read;
      read.events = events.map((e, i) => ({ ...e, ...appended.appended[i]! }));
    }
    return out;
  } finally {
    pending.delete(q);
    readsAtCommit.delete(q);
    deferred.delete(q);
  }
}

const deferred = new WeakMap<Queryable, string[]>();

/**
 * A write whose answer nobody needs, sent with the message that commits the dispatch transaction `q`
 * (before its `readAtCommit` read, which sees it, and its events): one round trip fewer. If it fails, the
 * transaction fails as at any other statement. One statement without parameters (values as escaped
 * literals). Where a round trip costs nothing (PGlite: no `queryAndCommit`) it runs at once.
 */
export async function deferUntilCommit(q: Queryable, sql: string): Promise<void> {
  if (!pending.has(q)) throw new Error('deferUntilCommit() must run inside dispatchTx');
  if (!(q as TxQueryable).queryAndCommit) {
    await q.query(sql);
    return;
  }
  const list = deferred.get(q) ?? [];
  list.push(sql);
  deferred.set(q, list);
}

/** An event as committed: what was recorded, with its sequence number and time. */
export type CommittedEvent = NewEvent & AppendedEvent;

const readsAtCommit = new WeakMap<Queryable, { sql: string; rows: Record<string, unknown>[] | null; events: CommittedEvent[] }>();

/**
 * Asks for one parameterless SELECT to run at the very end of the dispatch transaction `q`, just before its
 * events are appended, in the message that commits it (one round trip fewer than a read of its own). It
 * sees every write of the transaction but its events. Its rows are there once `dispatchTx` has returned.
 * At most one per transaction.
 */
export function readAtCommit<R>(q: Queryable, sql: string): { rows(): R[]; events(): CommittedEvent[] } {
  if (!pending.has(q)) throw new Error('readAtCommit() must run inside dispatchTx');
  if (readsAtCommit.has(q)) throw new Error('one readAtCommit() per transaction');
  const read = { sql, rows: null as Record<string, unknown>[] | null, events: [] as CommittedEvent[] };
  readsAtCommit.set(q, read);
  return {
    rows() {
      if (read.rows === null) throw new Error('the transaction has not committed yet');
      return read.rows as R[];
    },
    /** The transaction's events as appended, in order (they were appended after the read). */
    events() {
      if (read.rows === null) throw new Error('the transaction has not committed yet');
      return read.events;
    },
  };
}

/**
 * The one way a status changes: checked against the lifecycle table, written, and recorded as an
 * event (who, when, from, to, note). Mutates `a.status` so later steps in the same transaction see it.
 */
export async function transition(
  q: Queryable,
  a: LockedAlert,
  to: AlertStatus,
  actor: ActorRef,
  opts: {
    type?: AlertEventType;
    note?: string | null;
    /** The caller's own statement already wrote the status (`createOfferStatement` sets OFFERED): record only. */
    statusWritten?: boolean;
  } = {},
): Promise<void> {
  assertTransition(a.status, to, actor.role);
  if (!opts.statusWritten) await setAlertStatus(q, a.id, to);
  await record(q, a, opts.type ?? to, actor, { toStatus: to, note: opts.note ?? null });
  a.status = to;
  if (to !== 'OFFERED') {
    a.current_offer_id = null;
    a.offer_advisor_id = null;
  }
}

/** An event that is not a status change (an offer declined, a location update, duress, a hand-over). */
export async function record(
  q: Queryable,
  a: LockedAlert,
  type: AlertEventType,
  actor: ActorRef,
  extra: Partial<Pick<NewEvent, 'fromStatus' | 'toStatus' | 'note' | 'fromConsulateId' | 'consulateId'>> = {},
): Promise<void> {
  const buffer = pending.get(q);
  if (!buffer) throw new Error('record() must run inside dispatchTx');
  buffer.push(
    {
      alertId: a.id,
      consulateId: extra.consulateId ?? a.consulate_id,
      fromConsulateId: extra.fromConsulateId ?? null,
      type,
      fromStatus: extra.fromStatus === undefined ? a.status : extra.fromStatus,
      toStatus: extra.toStatus ?? a.status,
      actorRole: actor.role,
      actorId: actor.id,
      note: extra.note ?? null,
    },
  );
}
