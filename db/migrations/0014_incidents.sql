-- Raid mode (issue #20): many open alerts from one place become one incident. Detection, ownership and
-- closing: api/src/services/incidents/ (docs/DESIGN.md, "Incidents"). Conventions: db/CONVENTIONS.md.

-- Detection's only spatial read: open alerts near a point (ST_DWithin on geography). Partial, so the tree
-- holds only what is open now (a duress-cancelled alert stays open: closed_at is null).
create index alerts_open_location_gist on alerts using gist (location) where closed_at is null;

create table incidents (
  id               uuid primary key default gen_random_uuid(),
  -- The owner: the consulate with most of its alerts (ties: the earliest alert's).
  consulate_id     text not null references consulates (id),
  status           text not null default 'DETECTED'
                   check (status in ('DETECTED', 'CONFIRMED', 'DISMISSED', 'CLOSED', 'MERGED')),
  started_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  closed_at        timestamptz,
  merged_into      uuid references incidents (id),
  lead_advisor_id  uuid references advisors (id),
  -- Both from the member alerts' current points (so a retention purge's coarsening reaches them too).
  center           geography(Point, 4326) not null,
  -- A buffered convex hull, so one or two points still give a polygon.
  hull             geography(Polygon, 4326) not null,
  severity         text not null default 'LOW' check (severity in ('LOW', 'MEDIUM', 'HIGH')),
  alert_count      integer not null default 0,
  open_alert_count integer not null default 0
);
create index incidents_live_idx on incidents (consulate_id) where status in ('DETECTED', 'CONFIRMED');

-- An alert is in at most one incident; it stays there when it closes (alert_count counts it), and leaves
-- only when it moves beyond INCIDENT_RADIUS_M of every other member (or an operator splits it off).
create table incident_alerts (
  incident_id uuid not null references incidents (id),
  alert_id    uuid not null unique references alerts (id),
  joined_at   timestamptz not null default now()
);
create index incident_alerts_incident_idx on incident_alerts (incident_id);

create table incident_team (
  incident_id uuid not null references incidents (id),
  advisor_id  uuid not null references advisors (id),
  primary key (incident_id, advisor_id)
);

-- Every consulate with alerts in the incident (the owner included): each may read it and its events.
create table incident_consulates (
  incident_id  uuid not null references incidents (id),
  consulate_id text not null references consulates (id),
  primary key (incident_id, consulate_id)
);
create index incident_consulates_consulate_idx on incident_consulates (consulate_id, incident_id);

-- Append-only, the incidentEvents stream's source. id is the cursor; writers take their own advisory lock
-- before inserting (api/src/sql/incidentEvents.ts), so id order is commit order, as for alert_events.
-- audience: the consulates that may see the event (those with alerts in the incident when it happened,
-- and for OWNER_CHANGED also the previous owner).
create table incident_events (
  id           bigserial primary key,
  incident_id  uuid not null references incidents (id),
  consulate_id text not null references consulates (id),
  audience     text[] not null,
  type         text not null,
  actor_kind   text not null,
  actor_id     text,
  note         text,
  at           timestamptz not null default clock_timestamp(),
  data         jsonb not null default '{}'
);
create index incident_events_audience_idx on incident_events using gin (audience);
create index incident_events_incident_idx on incident_events (incident_id, id);

create or replace function incident_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'incident_events is append-only';
end $$;
create trigger incident_events_no_update before update or delete on incident_events
  for each row execute function incident_events_append_only();

-- Detection follows alert_events in commit order from this cursor (api/src/services/incidents/worker.ts):
-- one row, claimed with `for update skip locked` by whichever API process gets to it first.
create table incident_detection_cursor (
  singleton boolean primary key default true check (singleton),
  last_seq  bigint not null
);
insert into incident_detection_cursor (last_seq) select coalesce(max(seq), 0) from alert_events;
