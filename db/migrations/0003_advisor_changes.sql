-- When an advisor's position, availability or status last changed, for the control room's live map.
-- clock_timestamp(), not now(): close to commit time, so a poller with a small overlap window misses nothing.
alter table advisors add column changed_at timestamptz not null default clock_timestamp();
create index advisors_changed_at_idx on advisors (changed_at);
