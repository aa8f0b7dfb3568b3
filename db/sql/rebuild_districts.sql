-- Recomputes every district from county membership (run by the seed, inside its transaction).
-- Counties share exact edges (one TopoJSON topology), so the union dissolves them cleanly.
delete from district_parts;
delete from districts;

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
  where geom is not null
  group by consulate_id
) d;

insert into district_parts (consulate_id, geom)
select consulate_id, (ST_Dump(ST_Subdivide(geom, 256))).geom
from districts;

analyze district_parts;
