import { sqlConstant, sqlNumber, sqlNumberOrNull, sqlText, sqlTextOrNull, sqlTimestamp, sqlUuid, type SqlLiteral } from './literal.js';
import type { LockedAlert } from './dispatch.js';
import type { Queryable, TxQueryable } from '../db/types.js';
import type { Point } from '../domain/geo.js';
import type { AlertRow, MatchRow } from './rows.js';
import { containingConsulateSql } from './routing.js';
import { candidateOf, candidatesSql, type CandidateRow } from './candidates.js';
import type { Candidate } from '../domain/ranking.js';

export async function alertsByIds(q: Queryable, ids: readonly string[]): Promise<AlertRow[]> {
  if (ids.length === 0) return [];
  const r = await q.query<AlertRow>('/* alerts_by_ids */ select * from alert_view where id = any($1::uuid[])', [ids]);
  return r.rows;
}

export async function alertById(q: Queryable, id: string): Promise<AlertRow | null> {
  return (await alertsByIds(q, [id]))[0] ?? null;
}

/**
 * `alertById` as one parameterless statement (the id inlined as a `SqlLiteral`), for the read at commit (`Ending.read`). Through a
 * function (db/migrations/0007) whose plan each connection keeps: the view read inline was planned anew
 * at every commit.
 */
export function alertByIdStatement(id: string): string {
  return `/* alert_by_id */ select * from alert_view_by_id(${sqlUuid(id)})`;
}

export async function alertByIdempotencyKey(
  q: Queryable,
  personId: string,
  key: string,
): Promise<{ id: string; request_hash: string } | null> {
  const r = await q.query<{ id: string; request_hash: string }>(
    '/* alert_by_idempotency_key */ select id, request_hash from alerts where person_id = $1 and idempotency_key = $2',
    [personId, key],
  );
  return r.rows[0] ?? null;
}

export interface NewAlert {
  personId: string;
  idempotencyKey: string;
  requestHash: string;
  kind: string;
  note: string | null;
  point: Point;
  match: MatchRow;
  personLanguage: string | null;
}

/**
 * What a raise reads before it inserts, in one statement: an earlier alert with this key, the person's
 * language, and the consulate whose district contains the point (routing's first and usual answer). The
 * last two it also leaves in the transaction's settings `alerta.raise_consulate` and `alerta.raise_language`,
 * for the insert that follows it in the same message (`raiseContextAndInsert`, where it runs prepared:
 * `RAISE_CONTEXT`). Here values are inlined (`SqlLiteral`) so that the statement has no parameters and can
 * go out with the transaction's BEGIN (`transactionOn`).
 */
function raiseContextSql(personId: string, key: string, point: Point): string {
  return raiseContextText(sqlText(personId), sqlText(key), sqlNumber(point.lon), sqlNumber(point.lat));
}

function raiseContextText(person: string, key: string, lon: string, lat: string): string {
  return `/* raise_context */ select (select json_build_object('id', id, 'request_hash', request_hash) from alerts
                  where person_id = ${person}::text and idempotency_key = ${key}::text) as existing,
                 ${handOver('alerta.raise_language', `(select preferred_language from persons where id = ${person}::text and deleted_at is null)`)} as person_language,
                 ${handOver('alerta.raise_consulate', containingConsulateSql(lon, lat))} as contained_in`;
}

/** `value` (text or null), also left in the transaction-local setting `name` ('' for null). */
const handOver = (name: string, value: string) => `nullif(set_config('${name}', coalesce(${value}, ''), true), '')`;
/** What `handOver` left, as the value it was. */
const HANDED_OVER_CONSULATE = sqlConstant`nullif(current_setting('alerta.raise_consulate', true), '')`;
const HANDED_OVER_LANGUAGE = sqlConstant`nullif(current_setting('alerta.raise_language', true), '')`;

interface RaiseContextRow {
  existing: { id: string; request_hash: string } | null;
  person_language: string | null;
  contained_in: string | null;
}

export interface RaiseContext {
  existing: { id: string; request_hash: string } | null;
  personLanguage: string | null;
  containedIn: string | null;
}

const contextOf = (row: RaiseContextRow | undefined): RaiseContext =>
  ({ existing: row?.existing ?? null, personLanguage: row?.person_language ?? null, containedIn: row?.contained_in ?? null });

/** `raiseContextSql` on its own. */
export async function raiseContext(q: Queryable, personId: string, key: string, point: Point): Promise<RaiseContext> {
  const r = await q.query<RaiseContextRow>(raiseContextSql(personId, key, point));
  return contextOf(r.rows[0]);
}

/** How far the raise's first candidate search looks (the dispatch settings). */
export interface CandidateReach {
  maxLocationAgeSeconds: number;
  neighbourRadiusM: number;
}

/** A new alert as `insertNewAlert` returns it: the row as `lockAlert` reads it, its recent raises and candidates. */
export type InsertedAlert = LockedAlert & { recent_raises: number; candidates: Candidate[] };
type InsertedRow = Omit<LockedAlert, 'offer_advisor_id'> & { recent_raises: number; candidates: CandidateRow[] };

const insertedOf = (row: InsertedRow | undefined): InsertedAlert | null =>
  row ? { ...row, offer_advisor_id: null, candidates: row.candidates.map(candidateOf) } : null;

const CANDIDATES = candidatesSql({
  consulateId: '$9::text', lon: '$6', lat: '$7', maxLocationAgeSeconds: '$14', neighbourRadiusM: '$15', alertId: 'null', limit: '64',
});

/**
 * A new alert, its first track point, the person's raises in the last 10 minutes (this one included) and
 * the advisors it can be offered to (`candidatesSql`, nearest first; a new alert has no earlier offers), in
 * one statement; the row comes back as `lockAlert` reads it (a row this transaction inserted is invisible
 * to every other until commit, so it needs no lock). No row when a request with the same idempotency key
 * inserted first, or when the consulate ($9) is null (a raise's first message, for a point in no district).
 */
const INSERT_NEW_ALERT = `with inserted as (
       insert into alerts (person_id, idempotency_key, request_hash, status, kind, note, location, accuracy_m,
                           consulate_id, match_method, match_distance_m, person_language)
       select $1, $2, $3, 'RAISED', $4, $5, ST_SetSRID(ST_MakePoint($6::float8, $7::float8), 4326)::geography,
              $8::real, $9, $10, $11::float8, $12
       where $9::text is not null
       on conflict (person_id, idempotency_key) do nothing
       returning id, person_id, status, consulate_id, assigned_advisor_id, current_offer_id, offer_count, duress, flags,
                 person_language, location
     ),
     track as (
       insert into alert_track (alert_id, location, accuracy_m, recorded_at, consulate_id)
       select id, location, $8::real, $13, consulate_id from inserted
     )
     select id, person_id, status, consulate_id, assigned_advisor_id, current_offer_id, offer_count, duress, flags, person_language,
            ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat,
            -- The statement's snapshot does not see the row it inserts: + 1 counts it.
            (select count(*)::int from alerts where person_id = $1 and created_at > now() - interval '10 minutes') + 1 as recent_raises,
            (select coalesce(json_agg(c order by c.distance_m), '[]'::json) from (${CANDIDATES}) c) as candidates
     from inserted`;

/** `INSERT_NEW_ALERT` for an alert already routed (`a.match`), prepared once per connection by `pg`. */
export async function insertNewAlert(q: Queryable, a: NewAlert, at: Date, reach: CandidateReach): Promise<InsertedAlert | null> {
  const r = await q.query<InsertedRow>(
    INSERT_NEW_ALERT,
    [a.personId, a.idempotencyKey, a.requestHash, a.kind, a.note, a.point.lon, a.point.lat, a.point.accuracyM,
      a.match.consulate_id, a.match.method, a.match.distance_m, a.personLanguage, at, reach.maxLocationAgeSeconds, reach.neighbourRadiusM],
    { name: 'insert_new_alert' },
  );
  return insertedOf(r.rows[0]);
}

/**
 * `INSERT_NEW_ALERT` again, prepared once per connection with SQL `prepare` under a name of its own (`pg`
 * keeps its own list of what it prepared), and run by `execute` in the message that carries BEGIN and the
 * first read: the district and the person's language are its arguments, taken from the settings the first
 * read left (`handOver`). PostgreSQL evaluates the arguments of `execute` before it plans, so the candidate
 * query is planned with the consulate as a value and walks the index in distance order; written as a
 * sub-select of one statement it could not be, and the planner chose to read the whole consulate and sort
 * it (`api/test/raiseMessages.test.ts`). Inserts nothing when no district contains the point.
 */
const RAISE_INSERT = { name: 'raise_insert', text: INSERT_NEW_ALERT };

/**
 * `raiseContextSql` prepared once per connection and run by `execute` in the raise's first message, as
 * `RAISE_INSERT` is: with its values inlined it was planned at every raise, 0.25 ms of the database's time
 * each under the raid point's load (pg_stat_statements with planning tracked), more than it took to run.
 */
const RAISE_CONTEXT = { name: 'raise_context', text: raiseContextText('$1', '$2', '$3', '$4') };

/**
 * A raise's first message: BEGIN, `raiseContextSql` and `RAISE_INSERT` (prepared with it the first time on
 * a connection; `TxQueryable.queryAll`). Before, these were two round trips of three per raise: under load
 * each one waits for this process and the database to be scheduled.
 *
 * `inserted` is null when the key was used before (`existing`), when no district contains the point (the
 * caller routes it to the nearest district or CIAM and inserts with `insertNewAlert`), or when a
 * concurrent request with the same key inserted first.
 */
export async function raiseContextAndInsert(
  q: Pick<TxQueryable, 'queryAll'>,
  a: Omit<NewAlert, 'match' | 'personLanguage'>,
  at: Date,
  reach: CandidateReach,
): Promise<RaiseContext & { inserted: InsertedAlert | null }> {
  const args = raiseInsertArguments(a, at, reach);
  const contextArgs = [sqlText(a.personId), sqlText(a.idempotencyKey), sqlNumber(a.point.lon), sqlNumber(a.point.lat)];
  const [context, inserted] = await q.queryAll([{ execute: RAISE_CONTEXT, args: contextArgs }, { execute: RAISE_INSERT, args }]);
  return { ...contextOf(context!.rows[0] as RaiseContextRow | undefined), inserted: insertedOf(inserted!.rows[0] as InsertedRow | undefined) };
}

/** `RAISE_INSERT`'s arguments, the district and the language as the first read left them. */
function raiseInsertArguments(a: Omit<NewAlert, 'match' | 'personLanguage'>, at: Date, reach: CandidateReach): SqlLiteral[] {
  return [
    sqlText(a.personId), sqlText(a.idempotencyKey), sqlText(a.requestHash), sqlText(a.kind),
    sqlTextOrNull(a.note), sqlNumber(a.point.lon), sqlNumber(a.point.lat), sqlNumberOrNull(a.point.accuracyM),
    HANDED_OVER_CONSULATE, sqlText('CONTAINED'), sqlNumber(0), HANDED_OVER_LANGUAGE,
    sqlTimestamp(at), sqlNumber(reach.maxLocationAgeSeconds), sqlNumber(reach.neighbourRadiusM),
  ];
}

/** Alerts of one consulate (or all), newest first; open ones only unless asked. */
export async function listAlerts(q: Queryable, consulateId: string | null, openOnly: boolean, limit: number): Promise<AlertRow[]> {
  const r = await q.query<AlertRow>(
    `select * from alert_view
     where ($1::text is null or consulate_id = $1) and (not $2::bool or status not in ('RESOLVED', 'CANCELLED'))
     order by created_at desc limit $3`,
    [consulateId, openOnly, limit],
  );
  return r.rows;
}
