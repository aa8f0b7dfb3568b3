import type { Queryable } from '../db/types.js';
import type { AdvisorRow } from './rows.js';
import { plausibilitySet } from './plausibility.js';

export const ADVISOR_COLUMNS = `id, consulate_id, name, kind, languages, availability, active, capacity, active_alerts,
  ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat, location_at, location_suspect`;

/** Where several advisors are read at once by id (a live stream's watch); absent ids are simply missing. */
export async function advisorsByIds(q: Queryable, ids: readonly string[]): Promise<AdvisorRow[]> {
  const r = await q.query<AdvisorRow>(`select ${ADVISOR_COLUMNS} from advisors where id = any($1::uuid[])`, [ids]);
  return r.rows;
}

export async function advisorById(q: Queryable, id: string): Promise<AdvisorRow | null> {
  const r = await q.query<AdvisorRow>(`/* advisor_by_id */ select ${ADVISOR_COLUMNS} from advisors where id = $1::uuid`, [id]);
  return r.rows[0] ?? null;
}

/** The roster of one consulate, or of all (supervisors), active first then by name. */
export async function listAdvisors(q: Queryable, consulateId: string | null): Promise<AdvisorRow[]> {
  const r = await q.query<AdvisorRow>(
    `select ${ADVISOR_COLUMNS} from advisors where $1::text is null or consulate_id = $1
     order by active desc, name, id limit 5000`,
    [consulateId],
  );
  return r.rows;
}

export interface AdvisorFields {
  consulateId: string;
  name: string;
  kind: AdvisorRow['kind'];
  languages: string[];
  capacity: number;
}

export async function insertAdvisor(q: Queryable, a: AdvisorFields): Promise<AdvisorRow> {
  const r = await q.query<{ id: string }>(
    `insert into advisors (consulate_id, name, kind, languages, capacity) values ($1, $2, $3, $4::text[], $5::int)
     returning id`,
    [a.consulateId, a.name, a.kind, a.languages, a.capacity],
  );
  return (await advisorById(q, r.rows[0]!.id))!;
}

export async function updateAdvisorRow(q: Queryable, id: string, a: AdvisorFields): Promise<AdvisorRow | null> {
  const r = await q.query(
    `update advisors set consulate_id = $2, name = $3, kind = $4, languages = $5::text[], capacity = $6::int,
       changed_at = clock_timestamp()
     where id = $1::uuid`,
    [id, a.consulateId, a.name, a.kind, a.languages, a.capacity],
  );
  return r.rowCount ? advisorById(q, id) : null;
}

export async function deactivateAdvisorRow(q: Queryable, id: string): Promise<AdvisorRow | null> {
  const r = await q.query(
    `update advisors set active = false, availability = 'OFF_DUTY', deactivated_at = now(), changed_at = clock_timestamp()
     where id = $1::uuid`,
    [id],
  );
  return r.rowCount ? advisorById(q, id) : null;
}

/** One advisor's position fix, as a batch of reports carries it. */
export interface LocationFix {
  advisorId: string;
  lon: number;
  lat: number;
  at: Date;
}

/**
 * A batch of position fixes in one statement. Only active advisors move,
 * and a fix older than the stored one is ignored. Returns every active advisor of the batch as stored
 * afterwards (moved or not); an inactive or unknown advisor is absent. At most one fix per advisor:
 * with two, UPDATE … FROM would apply an arbitrary one. Input sorted by id, so concurrent batches
 * (several API processes) tend to lock rows in the same order.
 */
const SET_ADVISOR_LOCATIONS = `/* set_advisor_locations */ with fix as (
    select * from unnest($1::uuid[], $2::float8[], $3::float8[], $4::timestamptz[]) as t(advisor_id, fix_lon, fix_lat, fix_at)
  ),
  moved as (
    update advisors set location = ST_SetSRID(ST_MakePoint(fix.fix_lon, fix.fix_lat), 4326)::geography,
      location_at = fix.fix_at, changed_at = clock_timestamp(),
      ${plausibilitySet('ST_SetSRID(ST_MakePoint(fix.fix_lon, fix.fix_lat), 4326)::geography', 'fix.fix_at')}
    from fix
    where advisors.id = fix.advisor_id and advisors.active
      and (advisors.location_at is null or advisors.location_at <= fix.fix_at)
    returning ${ADVISOR_COLUMNS}
  )
  select * from moved
  union all
  select ${ADVISOR_COLUMNS} from advisors join fix on advisors.id = fix.advisor_id
  where advisors.active and not exists (select 1 from moved where moved.id = advisors.id)`;

export async function setAdvisorLocations(q: Queryable, fixes: readonly LocationFix[]): Promise<AdvisorRow[]> {
  if (fixes.length === 0) return [];
  const sorted = [...fixes].sort((a, b) => (a.advisorId < b.advisorId ? -1 : a.advisorId > b.advisorId ? 1 : 0));
  const r = await q.query<AdvisorRow>(SET_ADVISOR_LOCATIONS, [
    sorted.map((f) => f.advisorId),
    sorted.map((f) => f.lon),
    sorted.map((f) => f.lat),
    sorted.map((f) => f.at),
  ]);
  return r.rows;
}

export async function setAdvisorAvailability(q: Queryable, id: string, availability: AdvisorRow['availability']): Promise<void> {
  await q.query(`update advisors set availability = $2, changed_at = clock_timestamp() where id = $1::uuid and active`, [id, availability]);
}

/** Takes one unit of the advisor's capacity; false when they are full or inactive. */
export async function reserveCapacity(q: Queryable, advisorId: string): Promise<boolean> {
  const r = await q.query(
    `/* reserve_capacity */ update advisors set active_alerts = active_alerts + 1
     where id = $1::uuid and active and active_alerts < capacity`,
    [advisorId],
  );
  return r.rowCount === 1;
}

export async function releaseCapacity(q: Queryable, advisorId: string): Promise<void> {
  await q.query(`/* release_capacity */ update advisors set active_alerts = greatest(active_alerts - 1, 0) where id = $1::uuid`, [advisorId]);
}

/** An advisor row with the time it last changed (position, availability or status). */
export type AdvisorChange = AdvisorRow & { changed_at: Date };

/** Advisors changed since `since` (callers overlap the window and de-duplicate by changed_at). */
export async function advisorsChangedSince(q: Queryable, since: Date, limit = 20_000): Promise<AdvisorChange[]> {
  const r = await q.query<AdvisorChange>(
    `select ${ADVISOR_COLUMNS}, changed_at from advisors where changed_at > $1 order by changed_at limit $2`,
    [since, limit],
  );
  return r.rows;
}
