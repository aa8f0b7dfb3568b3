-- County membership: how strong the evidence is, and corrections made by the control room.

-- From the shared data's third sourcing pass: whether a statement named the whole state or this county,
-- and in which pass the row was set ('1', '2', '3', '2-refit').
alter table counties add column level text, add column set_in_pass text;

-- 'C': corrected by an operator or supervisor (county_corrections). A reseed never overwrites it.
alter table counties drop constraint counties_provenance_check;
alter table counties add constraint counties_provenance_check check (provenance in ('S', 'R', 'I', 'C'));
alter table counties add column corrected_at timestamptz;

-- Every correction, oldest first; the newest per county is the one in force. Append-only, like the
-- audit log: who moved which county where, and why, stays on record.
create table county_corrections (
  id                    bigserial primary key,
  fips                  char(5) not null,
  consulate_id          text not null references consulates (id),
  previous_consulate_id text not null,
  note                  text not null,
  actor_role            text not null,
  actor_id              text,
  at                    timestamptz not null default clock_timestamp()
);
create index county_corrections_fips_idx on county_corrections (fips, id desc);
create function county_corrections_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'county_corrections is append-only';
end $$;
create trigger county_corrections_no_update before update or delete on county_corrections
  for each row execute function county_corrections_append_only();

-- Recomputes districts from county membership: every district (`offices` null, the seed) or the named ones
-- (a correction moves one county between two offices). Counties share exact edges (one TopoJSON
-- topology), so the union dissolves them cleanly. An office left with no county loses its district.
create function rebuild_districts(offices text[]) returns void language plpgsql as $$
begin
  delete from district_parts where offices is null or consulate_id = any(offices);
  delete from districts where offices is null or consulate_id = any(offices);

  insert into districts (consulate_id, geom, display_geojson, county_count)
  select consulate_id,
         dissolved,
         -- ~0.01° tolerance keeps all districts well under 500 KB gzipped while borders stay legible
         ST_AsGeoJSON(ST_SimplifyPreserveTopology(dissolved, 0.01), 3),
         n
  from (
    select consulate_id,
           ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(geom), 'method=structure'), 3)) as dissolved,
           count(*)::int as n
    from counties
    where geom is not null and (offices is null or consulate_id = any(offices))
    group by consulate_id
  ) d;

  -- The routing copy: small polygons (<= 256 vertices) so point-in-polygon tests touch few vertices.
  insert into district_parts (consulate_id, geom)
  select consulate_id, (ST_Dump(ST_Subdivide(geom, 256))).geom
  from districts
  where offices is null or consulate_id = any(offices);
end
$$;
