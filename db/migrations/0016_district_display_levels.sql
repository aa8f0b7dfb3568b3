-- District outlines for maps at three levels of detail, from the fine county lines (issue 23; docs/DISTRICTS.md).
--
-- One row per district and level (`low`, `medium`, `high`): its outline as GeoJSON, written once when
-- the districts are built (a seed, an operator's county correction) and served as it is
-- (GET /geo/districts.geojson?detail=low|medium|high). The outlines are the topological merge of each
-- district's counties, simplified along the borders counties share when the shared data was imported
-- (seeds/src/displayLevels.ts, seeds/data/county-display.json.gz, seeds/src/districtDisplay.ts): no
-- simplification and no polygon overlay at seed time or per request, and neighbouring districts meet
-- without gaps or overlaps at every level. `districts.display_geojson` (the 1:10M outline) stays: it is
-- drawn until the next seed writes these rows (a database migrated but not yet reseeded).
create table district_display (
  consulate_id text not null references districts (consulate_id) on delete cascade,
  level        text not null check (level in ('low', 'medium', 'high')),
  geojson      text not null,
  primary key (consulate_id, level)
);
