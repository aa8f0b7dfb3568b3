-- Abuse flags, retention and the audit log.

-- Why the control room should look twice: RATE_LIMITED (over the raise limit: verify before sending
-- anyone), OUTSIDE_COVERAGE (routed to CIAM by fallback).
alter table alerts add column flags text[] not null default '{}';
-- Set when the retention job has coarsened the location and removed identity.
alter table alerts add column purged_at timestamptz;
create index alerts_person_created_idx on alerts (person_id, created_at desc);
create index alerts_closed_unpurged_idx on alerts (closed_at) where purged_at is null and closed_at is not null;

-- Who read a precise location or a person's identity, and when. Append-only for the application.
create table audit_log (
  id           bigserial primary key,
  at           timestamptz not null default clock_timestamp(),
  actor_role   text not null,
  actor_id     text,
  action       text not null,
  subject_type text not null,
  subject_id   text not null
);
create index audit_log_subject_idx on audit_log (subject_type, subject_id, at);

create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();

-- alert_view gains the flags.
drop view alert_view;
create view alert_view as
select a.id, a.person_id, a.status, a.kind, a.note,
       ST_X(a.location::geometry) as lon, ST_Y(a.location::geometry) as lat, a.accuracy_m,
       a.consulate_id, a.match_method, a.match_distance_m, a.created_at, a.updated_at,
       o.distance_m as offer_distance_m, o.expires_at as offer_expires_at,
       case when oa.id is null then null else json_build_object(
         'id', oa.id, 'consulate_id', oa.consulate_id, 'name', oa.name, 'kind', oa.kind,
         'languages', oa.languages, 'availability', oa.availability, 'active', oa.active) end as offer_advisor,
       case when aa.id is null then null else json_build_object(
         'id', aa.id, 'consulate_id', aa.consulate_id, 'name', aa.name, 'kind', aa.kind,
         'languages', aa.languages, 'availability', aa.availability, 'active', aa.active) end as assigned_advisor,
       a.duress, a.disposition, a.resolution_note, a.offer_count, a.person_language,
       a.offered_at, a.acknowledged_at, a.en_route_at, a.on_scene_at, a.escalated_at, a.closed_at,
       a.flags, a.purged_at
from alerts a
left join alert_offers o on o.id = a.current_offer_id and o.outcome is null
left join advisors oa on oa.id = o.advisor_id
left join advisors aa on aa.id = a.assigned_advisor_id;
