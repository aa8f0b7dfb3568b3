-- Dispatch engine: persons (for cancel/duress PINs), the full lifecycle's timestamps, offers' expiry
-- sweep, the location track, and roster changes.

create table persons (
  id                 text primary key,
  display_name       text,
  preferred_language text not null default 'es',
  trusted_contacts   jsonb not null default '[]',
  -- scrypt hashes ("scrypt$salt$hash"); the PINs themselves are never stored
  cancel_pin_hash    text,
  duress_pin_hash    text,
  created_at         timestamptz not null default now(),
  deleted_at         timestamptz
);

alter table alerts
  add column duress          boolean not null default false,
  add column disposition     text,
  add column resolution_note text,
  add column offer_count     integer not null default 0,
  add column person_language text,
  -- NENA-EIDO-style milestones: received is created_at
  add column offered_at      timestamptz,
  add column acknowledged_at timestamptz,
  add column en_route_at     timestamptz,
  add column on_scene_at     timestamptz,
  add column escalated_at    timestamptz,
  add column closed_at       timestamptz;

-- The sweeper's only query: open offers by deadline.
create index alert_offers_open_expiry_idx on alert_offers (expires_at) where outcome is null;
create index alert_offers_advisor_open_idx on alert_offers (advisor_id) where outcome is null;

create table alert_track (
  id           bigserial primary key,
  alert_id     uuid not null references alerts (id),
  location     geography(Point, 4326) not null,
  accuracy_m   real,
  recorded_at  timestamptz not null,
  consulate_id text not null references consulates (id)
);
create index alert_track_alert_idx on alert_track (alert_id, recorded_at desc);

alter table advisors add column deactivated_at timestamptz;
create index advisors_location_at_idx on advisors (location_at);

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
       a.offered_at, a.acknowledged_at, a.en_route_at, a.on_scene_at, a.escalated_at, a.closed_at
from alerts a
left join alert_offers o on o.id = a.current_offer_id and o.outcome is null
left join advisors oa on oa.id = o.advisor_id
left join advisors aa on aa.id = a.assigned_advisor_id;
