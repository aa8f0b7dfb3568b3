-- Consular offices, county membership, district polygons, advisors, alerts and their append-only events.
-- Conventions: db/CONVENTIONS.md (SRID 4326, [lon, lat], metres in columns named *_m).

create extension if not exists postgis;

create table consulates (
  id            text primary key check (id ~ '^[a-z0-9][a-z0-9_-]{1,39}$'),
  name          text not null,
  city          text not null,
  state         text not null,
  address       text,
  phone         text,
  location      geography(Point, 4326) not null,
  -- CIAM: the 24/7 national centre that receives alerts from outside every district.
  is_fallback   boolean not null default false,
  confidence    text not null default 'sourced'
);

create table counties (
  fips              char(5) primary key,
  state             text not null,
  name              text not null,
  consulate_id      text not null references consulates (id),
  provenance        char(1) not null check (provenance in ('S', 'R', 'I')),
  evidence_strength text,
  source            text,
  geom              geometry(MultiPolygon, 4326)
);
create index counties_consulate_idx on counties (consulate_id);

-- Dissolved per office from county membership on every seed; display_geojson is simplified for maps.
create table districts (
  consulate_id    text primary key references consulates (id),
  geom            geometry(MultiPolygon, 4326) not null,
  display_geojson text not null,
  county_count    integer not null
);

-- The routing copy: small polygons (<= 256 vertices) so point-in-polygon tests touch few vertices.
create table district_parts (
  id            bigserial primary key,
  consulate_id  text not null references consulates (id),
  geom          geometry(Polygon, 4326) not null
);
create index district_parts_geom_idx on district_parts using gist (geom);

create table advisors (
  id             uuid primary key default gen_random_uuid(),
  consulate_id   text not null references consulates (id),
  name           text not null check (length(name) between 1 and 120),
  kind           text not null check (kind in ('PALE_LAWYER', 'PROTECTION_OFFICER', 'CONSULAR_STAFF')),
  languages      text[] not null default '{es}',
  availability   text not null default 'OFF_DUTY' check (availability in ('AVAILABLE', 'BUSY', 'OFF_DUTY')),
  capacity       integer not null default 1 check (capacity between 1 and 20),
  active_alerts  integer not null default 0 check (active_alerts >= 0),
  active         boolean not null default true,
  location       geography(Point, 4326),
  location_at    timestamptz,
  created_at     timestamptz not null default now()
);
create index advisors_consulate_idx on advisors (consulate_id);
-- KNN over dispatchable advisors only: the partial predicate keeps busy and off-duty rows out of the tree.
create index advisors_dispatchable_gist on advisors using gist (location)
  where active and availability = 'AVAILABLE';

create table alerts (
  id                uuid primary key default gen_random_uuid(),
  person_id         text not null,
  idempotency_key   text not null,
  -- Hash of the raise request, so a reused key with a different payload is told apart from a retry.
  request_hash      text not null,
  status            text not null,
  kind              text not null,
  note              text,
  location          geography(Point, 4326) not null,
  accuracy_m        real,
  consulate_id      text not null references consulates (id),
  match_method      text not null check (match_method in ('CONTAINED', 'NEAREST', 'FALLBACK')),
  match_distance_m  double precision not null,
  assigned_advisor_id uuid references advisors (id),
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  unique (person_id, idempotency_key)
);
create index alerts_consulate_status_idx on alerts (consulate_id, status);

create table alert_offers (
  id          bigserial primary key,
  alert_id    uuid not null references alerts (id),
  advisor_id  uuid not null references advisors (id),
  distance_m  double precision not null,
  offered_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  -- null while open; ACCEPTED | DECLINED | EXPIRED | WITHDRAWN once settled
  outcome     text,
  settled_at  timestamptz
);
create index alert_offers_alert_idx on alert_offers (alert_id, id desc);

alter table alerts add column current_offer_id bigint references alert_offers (id);

-- Append-only timeline. seq is the cursor: writers take one transaction-scoped advisory lock before
-- inserting (api/src/sql/events.ts), so seq order is commit order and `seq > cursor` never skips.
create table alert_events (
  seq           bigserial primary key,
  alert_id      uuid not null references alerts (id),
  consulate_id  text not null references consulates (id),
  -- on a hand-over, the consulate the alert left, so both control rooms see the event
  from_consulate_id text references consulates (id),
  type          text not null,
  from_status   text,
  to_status     text,
  actor_role    text not null,
  actor_id      text,
  note          text,
  at            timestamptz not null default clock_timestamp()
);
create index alert_events_consulate_seq_idx on alert_events (consulate_id, seq);
create index alert_events_alert_seq_idx on alert_events (alert_id, seq);

create or replace function alert_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'alert_events is append-only';
end $$;
create trigger alert_events_no_update before update or delete on alert_events
  for each row execute function alert_events_append_only();

create table seed_state (
  singleton  boolean primary key default true check (singleton),
  data_hash  text not null,
  seeded_at  timestamptz not null default now()
);

-- What an alert looks like to the API: its current offer and advisors joined once, so a stream of
-- events is resolved with one query per batch, not one per field.
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
         'languages', aa.languages, 'availability', aa.availability, 'active', aa.active) end as assigned_advisor
from alerts a
left join alert_offers o on o.id = a.current_offer_id and o.outcome is null
left join advisors oa on oa.id = o.advisor_id
left join advisors aa on aa.id = a.assigned_advisor_id;
