import { escapeLiteral } from 'pg';
import type { LockedAlert } from './dispatch.js';
import type { Queryable } from '../db/types.js';
import type { Point } from '../domain/geo.js';
import type { AlertRow, MatchRow } from './rows.js';
import { containingConsulateSql } from './routing.js';
import { candidateOf, candidatesSql, type CandidateRow } from './candidates.js';
import type { Candidate } from '../domain/ranking.js';

export async function alertsByIds(q: Queryable, ids: readonly string[]): Promise<AlertRow[]> {
  if (ids.length === 0) return [];
  const r = await q.query<AlertRow>('select * from alert_view where id = any($1::uuid[])', [ids]);
  return r.rows;
}

export async function alertById(q: Queryable, id: string): Promise<AlertRow | null> {
  return (await alertsByIds(q, [id]))[0] ?? null;
}

/**
 * `alertById` as one parameterless statement (the id inlined, escaped), for `readAtCommit`. Through a
 * function (db/migrations/0007) whose plan each connection keeps: the view read inline was planned anew
 * at every commit.
 */
export function alertByIdStatement(id: string): string {
  return `select * from alert_view_by_id(${escapeLiteral(id)}::uuid)`;
}

export async function alertByIdempotencyKey(
  q: Queryable,
  personId: string,
  key: string,
): Promise<{ id: string; request_hash: string } | null> {
  const r = await q.query<{ id: string; request_hash: string }>(
    'select id, request_hash from alerts where person_id = $1 and idempotency_key = $2',
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
 * What a raise reads before it inserts, in one round trip: an earlier alert with this key, the person's
 * language, and the consulate whose district contains the point (routing's first and usual answer).
 * Values are inlined (`escapeLiteral`, finite numbers only) so that the statement has no parameters and
 * goes out with the transaction's BEGIN in one message (`transactionOn`); it was planned for its
 * parameters at every call anyway (pg_stat_statements: as many plans as calls).
 */
export async function raiseContext(
  q: Queryable,
  personId: string,
  key: string,
  point: Point,
): Promise<{ existing: { id: string; request_hash: string } | null; personLanguage: string | null; containedIn: string | null }> {
  if (!Number.isFinite(point.lon) || !Number.isFinite(point.lat)) throw new Error('raiseContext: the point must be finite');
  const person = escapeLiteral(personId);
  const r = await q.query<{ existing: { id: string; request_hash: string } | null; person_language: string | null; contained_in: string | null }>(
    `select (select json_build_object('id', id, 'request_hash', request_hash) from alerts
             where person_id = ${person}::text and idempotency_key = ${escapeLiteral(key)}::text) as existing,
            (select preferred_language from persons where id = ${person}::text and deleted_at is null) as person_language,
            ${containingConsulateSql(`(${point.lon})`, `(${point.lat})`)} as contained_in`,
  );
  const row = r.rows[0];
  return { existing: row?.existing ?? null, personLanguage: row?.person_language ?? null, containedIn: row?.contained_in ?? null };
}

/** How far the raise's first candidate search looks (the dispatch settings). */
export interface CandidateReach {
  maxLocationAgeSeconds: number;
  neighbourRadiusM: number;
}

/**
 * A new alert, its first track point, the person's raises in the last 10 minutes (this one included) and
 * the advisors it can be offered to (`candidatesSql`, nearest first; a new alert has no earlier offers), in
 * one round trip; the row comes back as `lockAlert` reads it (a row this transaction inserted is invisible
 * to every other until commit, so it needs no lock). Null when a concurrent request with the same
 * idempotency key inserted first.
 */
export async function insertNewAlert(
  q: Queryable,
  a: NewAlert,
  at: Date,
  reach: CandidateReach,
): Promise<(LockedAlert & { recent_raises: number; candidates: Candidate[] }) | null> {
  const r = await q.query<Omit<LockedAlert, 'offer_advisor_id'> & { recent_raises: number; candidates: CandidateRow[] }>(
    `with inserted as (
       insert into alerts (person_id, idempotency_key, request_hash, status, kind, note, location, accuracy_m,
                           consulate_id, match_method, match_distance_m, person_language)
       values ($1, $2, $3, 'RAISED', $4, $5, ST_SetSRID(ST_MakePoint($6::float8, $7::float8), 4326)::geography,
               $8::real, $9, $10, $11::float8, $12)
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
     from inserted`,
    [a.personId, a.idempotencyKey, a.requestHash, a.kind, a.note, a.point.lon, a.point.lat, a.point.accuracyM,
      a.match.consulate_id, a.match.method, a.match.distance_m, a.personLanguage, at, reach.maxLocationAgeSeconds, reach.neighbourRadiusM],
    { name: 'insert_new_alert' },
  );
  const row = r.rows[0];
  return row ? { ...row, offer_advisor_id: null, candidates: row.candidates.map(candidateOf) } : null;
}

const CANDIDATES = candidatesSql({
  consulateId: '$9::text', lon: '$6', lat: '$7', maxLocationAgeSeconds: '$14', neighbourRadiusM: '$15', alertId: 'null', limit: '64',
});

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
