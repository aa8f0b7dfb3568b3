import { sqlJson, sqlText } from './literal.js';
import type { Queryable, TxQueryable } from '../db/types.js';
import type { AlertRow, EventRow } from './rows.js';

export const EVENTS_CHANNEL = 'alert_events';
/**
 * Serialises event writers: held from before the insert until commit, so sequence order equals
 * commit order and a reader polling `seq > last` can never skip an event that commits late
 * (see docs/DESIGN.md). Take it last in a transaction to keep the serialised section short.
 */
const EVENT_WRITER_LOCK = 7261002;

export interface NewEvent {
  alertId: string;
  consulateId: string;
  fromConsulateId?: string | null;
  type: EventRow['type'];
  fromStatus: EventRow['from_status'];
  toStatus: EventRow['to_status'];
  actorRole: EventRow['actor_role'];
  actorId: string | null;
  note?: string | null;
}

/**
 * Appends events in order and wakes every API process (the notification carries only the seq). One
 * statement takes the writer lock, inserts and notifies, so the lock is held for that statement and the
 * commit's round trip only: as three statements it was held across three round trips, and under load
 * each round trip waits for the Node process to be scheduled while every other writer waits for the lock.
 * The lock is a materialised CTE the insert reads first, so every sequence value is drawn under it.
 */
export async function appendEvents(q: Queryable, events: readonly NewEvent[]): Promise<AppendedEvent[]> {
  if (events.length === 0) return [];
  return appendedOf((await runAppend(q, events)).rows[0]!);
}

/**
 * The append statement with no events, for the connection warm-up (`api/src/sql/warmUp.ts`): it takes the
 * lock and opens the table and its indexes but draws no sequence number. A number drawn and rolled back
 * would leave a gap, and this process's next events would then be read back instead of handed over.
 */
export async function appendNoEvents(q: Queryable): Promise<void> {
  await runAppend(q, []);
}

function runAppend(q: Queryable, events: readonly NewEvent[]) {
  return q.query<AppendedRow>(
    appendStatement(
      `select a, c, fc, ty, fs, ts, ar, ai, n
       from writer_lock, unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                $7::text[], $8::text[], $9::text[])
            with ordinality as t(a, c, fc, ty, fs, ts, ar, ai, n, ord)`,
      '$10::bigint',
      '$11',
    ),
    [
      events.map((e) => e.alertId),
      events.map((e) => e.consulateId),
      events.map((e) => e.fromConsulateId ?? null),
      events.map((e) => e.type),
      events.map((e) => e.fromStatus),
      events.map((e) => e.toStatus),
      events.map((e) => e.actorRole),
      events.map((e) => e.actorId),
      events.map((e) => e.note ?? null),
      EVENT_WRITER_LOCK,
      EVENTS_CHANNEL,
    ],
  );
}

/**
 * The append itself, whichever way its rows come (`rows`: a SELECT from `writer_lock` with an `ord` column
 * giving their order): take the lock, insert in order, notify with the last seq, answer seqs and times.
 */
function appendStatement(rows: string, lock: string, channel: string): string {
  return `/* append_events */ with writer_lock as materialized (select pg_advisory_xact_lock(${lock})),
     inserted as (
       insert into alert_events (alert_id, consulate_id, from_consulate_id, type, from_status, to_status,
                                 actor_role, actor_id, note)
       ${rows}
       order by ord
       returning seq, at
     ),
     appended as (select array_agg(seq order by seq) as seqs, array_agg(at order by seq) as ats, max(seq) as last from inserted)
     select seqs, ats, pg_notify(${channel}, last::text) from appended`;
}

/** Where an event went: its sequence number and the time the database gave it. */
export interface AppendedEvent {
  seq: number;
  at: Date;
}

type AppendedRow = { seqs: Array<string | number>; ats: Array<string | Date> };
const appendedOf = (row: AppendedRow): AppendedEvent[] => row.seqs.map((seq, i) => ({ seq: Number(seq), at: new Date(row.ats[i]!) }));

/**
 * `appendEvents` as the last statement of a dispatch transaction, preceded by `read` (one parameterless
 * SELECT, or null) whose rows are returned: it runs before the writer lock is taken, so it never lengthens
 * the serialised section (run after the append it did, and cost a fifth of the throughput). On PostgreSQL
 * the read, the append and the COMMIT go in one message (`TxQueryable.queryAndCommit`), so the writer lock is released by the commit without a
 * round trip to this process: with COMMIT sent after reading the append's answer, the lock was held while
 * a busy event loop got round to it (4 ms per raise in the closed-loop benchmark, a ceiling of about 250
 * raises/s for every API process together). Values are inlined as one escaped JSON literal. `before`: writes
 * without parameters that go first in the same message (`Ending.writes`).
 */
export async function appendEventsLast(
  q: TxQueryable,
  events: readonly NewEvent[],
  read: string | null = null,
  before: readonly string[] = [],
): Promise<{ appended: AppendedEvent[]; read: Record<string, unknown>[] | null }> {
  if (events.length === 0 && read === null && before.length === 0) return { appended: [], read: null };
  const rows = events.map((e) => ({
    a: e.alertId, c: e.consulateId, fc: e.fromConsulateId ?? null, ty: e.type, fs: e.fromStatus, ts: e.toStatus,
    ar: e.actorRole, ai: e.actorId, n: e.note ?? null,
  }));
  const append = appendStatement(
    `select (e->>'a')::uuid, e->>'c', e->>'fc', e->>'ty', e->>'fs', e->>'ts', e->>'ar', e->>'ai', e->>'n'
       from writer_lock, json_array_elements(${sqlJson(rows)}) with ordinality as t(e, ord)`,
    `${EVENT_WRITER_LOCK}::bigint`,
    sqlText(EVENTS_CHANNEL),
  );
  const results = await q.queryAndCommit([...before, ...(read === null ? [] : [read]), ...(events.length ? [append] : [])]);
  const appended = events.length ? appendedOf(results[results.length - 1]!.rows[0] as AppendedRow) : [];
  return { appended, read: read === null ? null : results[before.length]!.rows };
}

export interface EventScope {
  /** null: every consulate (supervisors). */
  consulateId: string | null;
  alertId?: string;
}

/**
 * Each event's alert is a subquery by key, not a join with the view: a join lets the planner start from the
 * view's side, and a cached plan made while alert_offers looked empty joined every open offer with its
 * advisor on every read (3 ms and 2,000 buffers a read in the benchmark, growing with the open offers). A
 * subquery keyed on one alert id can only be a few index lookups.
 */
const EVENT_WITH_ALERT = `select e.seq, e.alert_id, e.consulate_id, e.from_consulate_id, e.type, e.from_status, e.to_status,
            e.actor_role, e.actor_id, e.note, e.at, (select to_json(v) from alert_view v where v.id = e.alert_id) as alert
     from alert_events e`;

/** Events after a cursor, oldest first, each with its alert. */
export async function eventsAfter(q: Queryable, afterSeq: number, scope: EventScope, limit = 500): Promise<EventRow[]> {
  const r = await q.query<Omit<EventRow, 'alert'> & { alert: EventRow['alert'] }>(
    `/* events_after */ ${EVENT_WITH_ALERT}
     where e.seq > $1::bigint
       and ($2::text is null or e.consulate_id = $2 or e.from_consulate_id = $2)
       and ($3::uuid is null or e.alert_id = $3)
     order by e.seq
     limit $4`,
    [afterSeq, scope.consulateId, scope.alertId ?? null, limit],
  );
  return r.rows.map(reviveEvent);
}

/** How many events the hub reads at a time. */
export const HUB_PAGE = 500;

/**
 * Every event after a cursor, oldest first: the event hub's read, run for every commit. Prepared once per
 * connection: planning the view's joins took 0.8 ms a call, four times the execution (pg_stat_statements
 * at 100 raises/s). A text of its own, without `eventsAfter`'s optional filters, so that its cached plan
 * never has to serve a scoped read. Its page size is written in the text: a generic plan knows how few
 * rows it reads, and so walks the key in order.
 */
export async function allEventsAfter(q: Queryable, afterSeq: number): Promise<EventRow[]> {
  const r = await q.query<Omit<EventRow, 'alert'> & { alert: EventRow['alert'] }>(
    `${EVENT_WITH_ALERT}
     where e.seq > $1::bigint
     order by e.seq
     limit ${HUB_PAGE}`,
    [afterSeq],
    { name: 'all_events_after' },
  );
  return r.rows.map(reviveEvent);
}

export async function eventsOfAlert(q: Queryable, alertId: string): Promise<EventRow[]> {
  return eventsAfter(q, 0, { consulateId: null, alertId }, 10_000);
}

export async function lastEventSeq(q: Queryable): Promise<number> {
  const r = await q.query<{ seq: number | null }>('/* last_event_seq */ select max(seq) as seq from alert_events');
  return Number(r.rows[0]?.seq ?? 0);
}

/** An event as its writer knows it after commit, in the shape the readers return (`alert`: as read in its transaction). */
export function committedEventRow(e: NewEvent & AppendedEvent, alert: AlertRow): EventRow {
  return {
    seq: e.seq,
    alert_id: e.alertId,
    consulate_id: e.consulateId,
    from_consulate_id: e.fromConsulateId ?? null,
    type: e.type,
    from_status: e.fromStatus,
    to_status: e.toStatus,
    actor_role: e.actorRole,
    actor_id: e.actorId,
    note: e.note ?? null,
    at: e.at,
    alert,
  };
}

// to_json turns timestamps into strings; give the row back its Date fields (also for sql/nearby.ts).
export function reviveEvent(e: EventRow): EventRow {
  const a = e.alert as unknown as Record<string, unknown>;
  return {
    ...e,
    seq: Number(e.seq),
    at: new Date(e.at),
    alert: {
      ...(a as unknown as EventRow['alert']),
      created_at: new Date(a.created_at as string),
      updated_at: new Date(a.updated_at as string),
      offer_expires_at: date(a.offer_expires_at),
      offered_at: date(a.offered_at),
      acknowledged_at: date(a.acknowledged_at),
      en_route_at: date(a.en_route_at),
      on_scene_at: date(a.on_scene_at),
      escalated_at: date(a.escalated_at),
      closed_at: date(a.closed_at),
      purged_at: date(a.purged_at),
      duress_at: date(a.duress_at),
    },
  };
}

const date = (v: unknown): Date | null => (v ? new Date(v as string) : null);
