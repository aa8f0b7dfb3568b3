-- A district's dissolved outline no longer depends on the order its counties' rows lie on disk: ST_Union's
-- result (its vertices' order and the last bits of their coordinates) follows the order it is fed, and an
-- update moves a row, so reseeding the same files twice could give a different outline (found when the
-- test databases began to be restored by refilling tables, api/test/support/pglitePool.ts).
create or replace function rebuild_districts(offices text[]) returns void language plpgsql as $$
begin
  delete from districts where offices is null or consulate_id = any(offices);

  insert into districts (consulate_id, geom, display_geojson, county_count)
  select consulate_id,
         dissolved,
         -- ~0.01° tolerance keeps all districts well under 500 KB gzipped while borders stay legible
         ST_AsGeoJSON(ST_SimplifyPreserveTopology(dissolved, 0.01), 3),
         n
  from (
    select consulate_id,
           ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(geom order by fips), 'method=structure'), 3)) as dissolved,
           count(*)::int as n
    from counties
    where geom is not null and (offices is null or consulate_id = any(offices))
    group by consulate_id
  ) d;

  -- Routing: every county's pieces follow its office; pieces of a county that left the files go.
  update district_parts p set consulate_id = c.consulate_id
  from counties c
  where c.fips = p.fips and p.consulate_id <> c.consulate_id;
  delete from district_parts p where p.fips is not null and not exists (select 1 from counties c where c.fips = p.fips);

  -- A database migrated but not yet reseeded holds the old pieces (cut from the dissolved districts,
  -- no county): until the seed replaces them, they are rebuilt the old way.
  if not exists (select 1 from district_parts where fips is not null) then
    delete from district_parts where offices is null or consulate_id = any(offices);
    insert into district_parts (consulate_id, geom)
    select consulate_id, (ST_Dump(ST_Subdivide(geom, 256))).geom
    from districts
    where offices is null or consulate_id = any(offices);
  end if;
end
$$;
