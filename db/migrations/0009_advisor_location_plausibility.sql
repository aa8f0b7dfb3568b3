-- An advisor's reported position that implies an impossible speed (more than 300 km/h from the last
-- plausible one, beyond a GPS slack) is still stored, so the control room sees where the device claims to
-- be, but flagged: it is used neither for offers (candidate KNN) nor for `nearbyAlerts`' radius until a
-- plausible fix arrives (api/src/sql/roster.ts, PLAUSIBILITY). The anchor is the last plausible fix, not the
-- last stored one: otherwise a second report from the same faked place would look like standing still.
alter table advisors add column location_suspect boolean not null default false;
alter table advisors add column trusted_location geography(Point, 4326);
alter table advisors add column trusted_location_at timestamptz;
update advisors set trusted_location = location, trusted_location_at = location_at where location is not null;
