-- Reads of what is open, not of the whole history. With a year of history (2 million closed alerts) the
-- console's open-alerts load read every alert its consulate ever had through (consulate_id, status) and
-- filtered the open ones: 5x the time it takes on an empty database (docs/BENCHMARKS.md, "A year of
-- history"). An advisor's open work (sql/advisorWork.ts) and the field view's snapshot (sql/nearby.ts) had no
-- index at all for their alerts and read the whole table; the statistics' window (sql/stats.ts) too.
-- The two partial indexes hold open alerts only, with the predicate those queries write
-- (status not in ('RESOLVED', 'CANCELLED')), so they stay as small as what is open.
--
-- Built inside the migration's transaction, so raises wait (they are not refused) while each is built:
-- 0.1 to 0.2 s each on 400,000 alerts on the benchmark machine.
create index alerts_open_consulate_created_idx on alerts (consulate_id, created_at desc)
  where status not in ('RESOLVED', 'CANCELLED');
create index alerts_open_assigned_idx on alerts (assigned_advisor_id)
  where status not in ('RESOLVED', 'CANCELLED');
create index alerts_created_idx on alerts (created_at);
