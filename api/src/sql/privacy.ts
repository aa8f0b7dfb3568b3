import type { Queryable } from '../db/types.js';

/** 0.01° grid cell centre, the same coarsening as the API's (api/src/domain/geo.ts coarsen). */
const COARSE_POINT = `ST_SetSRID(ST_MakePoint(floor(ST_X(location::geometry) / 0.01) * 0.01 + 0.005,
                                             floor(ST_Y(location::geometry) / 0.01) * 0.01 + 0.005), 4326)::geography`;

/**
 * Closed alerts past retention (or, with `personId`, all closed alerts of one person): the location
 * becomes its grid cell, the track and free text go (with the phone's frozen view, which holds the same),
 * and the person link is cut. Returns the count. The bytes are gone from disk only after `scrubDisk`.
 */
export async function purgeClosedAlerts(q: Queryable, opts: { olderThanDays?: number; personId?: string }): Promise<number> {
  // The retention sweep passes over a row another transaction holds (the next pass takes it). A person's
  // erasure waits for it instead: skipping would leave that alert's point, note and track, linked to the
  // person, until the retention window ran out, after `deleteMyData` had answered true.
  const lock = opts.personId === undefined ? 'for update skip locked' : 'for update';
  const r = await q.query<{ id: string }>(
    `with victims as (
       select id from alerts
       where purged_at is null and closed_at is not null
         and ($1::int is null or closed_at < now() - make_interval(days => $1::int))
         and ($2::text is null or person_id = $2)
       ${lock}),
     gone as (delete from alert_track t using victims v where t.alert_id = v.id)
     update alerts a set location = ${COARSE_POINT}, accuracy_m = null, note = null, resolution_note = null, person_view = null,
            person_id = 'purged:' || a.id, purged_at = now()
     from victims v where a.id = v.id
     returning a.id`,
    [opts.olderThanDays ?? null, opts.personId ?? null],
  );
  return r.rowCount;
}

/**
 * Alerts cancelled with the duress PIN are closed as far as the phone knows, at the moment of the PIN, while
 * the control room may still be helping. Past retention counted from that moment (or, with `personId`, at
 * once) they leave the phone exactly when an ordinary cancel would: the person link is cut and the phone's
 * frozen view dropped. Their location, track and note stay for the control room until they close, and are
 * then purged as any closed alert. Returns the count.
 */
export async function cutDuressFromPhone(q: Queryable, opts: { olderThanDays?: number; personId?: string }): Promise<number> {
  const r = await q.query(
    `update alerts set person_id = 'purged:' || id, person_view = null
     where duress and person_id not like 'purged:%'
       and ($1::int is null or duress_at < now() - make_interval(days => $1::int))
       and ($2::text is null or person_id = $2)`,
    [opts.olderThanDays ?? null, opts.personId ?? null],
  );
  return r.rowCount;
}

export async function eraseIdentity(q: Queryable, personId: string): Promise<void> {
  await q.query(
    `update persons set display_name = null, trusted_contacts = '[]', cancel_pin_hash = null, duress_pin_hash = null,
            decoy_pin_hash = null, deleted_at = now() where id = $1`,
    [personId],
  );
}

export interface AuditRow {
  actorRole: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
}

export async function insertAudit(q: Queryable, rows: AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `insert into audit_log (actor_role, actor_id, action, subject_type, subject_id)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
    [rows.map((r) => r.actorRole), rows.map((r) => r.actorId), rows.map((r) => r.action), rows.map((r) => r.subjectType), rows.map((r) => r.subjectId)],
    { name: 'insert_audit' },
  );
}

export async function readAudit(q: Queryable, subjectId: string | null, limit: number) {
  const r = await q.query<AuditRow & { at: Date }>(
    `select at, actor_role as "actorRole", actor_id as "actorId", action, subject_type as "subjectType", subject_id as "subjectId"
     from audit_log where $1::text is null or subject_id = $1 order by id desc limit $2`,
    [subjectId, limit],
  );
  return r.rows;
}
