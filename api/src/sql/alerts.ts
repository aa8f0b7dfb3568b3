import type { Queryable } from '../db/types.js';
import type { Point } from '../domain/geo.js';
import type { AlertRow, MatchRow } from './rows.js';

export async function alertsByIds(q: Queryable, ids: readonly string[]): Promise<AlertRow[]> {
  if (ids.length === 0) return [];
  const r = await q.query<AlertRow>('select * from alert_view where id = any($1::uuid[])', [ids]);
  return r.rows;
}

export async function alertById(q: Queryable, id: string): Promise<AlertRow | null> {
  return (await alertsByIds(q, [id]))[0] ?? null;
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

/** Inserts the alert unless this person already used the key; returns null in that case. */
export async function insertAlert(q: Queryable, a: NewAlert): Promise<{ id: string } | null> {
  const r = await q.query<{ id: string }>(
    `insert into alerts (person_id, idempotency_key, request_hash, status, kind, note, location, accuracy_m,
                         consulate_id, match_method, match_distance_m, person_language)
     values ($1, $2, $3, 'RAISED', $4, $5, ST_SetSRID(ST_MakePoint($6::float8, $7::float8), 4326)::geography,
             $8::real, $9, $10, $11::float8, $12)
     on conflict (person_id, idempotency_key) do nothing
     returning id`,
    [a.personId, a.idempotencyKey, a.requestHash, a.kind, a.note, a.point.lon, a.point.lat, a.point.accuracyM,
      a.match.consulate_id, a.match.method, a.match.distance_m, a.personLanguage],
  );
  return r.rows[0] ?? null;
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
