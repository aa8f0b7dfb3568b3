-- Reads of what is open, not of the whole history. With a year of history (2 million closed alerts) the
-- console's open-alerts load read every alert its consulate ever had through (consulate_id, status) and
-- filtered the open ones: 5x the time it takes on an empty database (docs/BENCHMARKS.md, "A year of
-- history"). An advisor's open work (sql/advisorWork.ts) and the field view's snapshot (sql/nearby.ts) had no
-- index at all for their alerts and read the whole table; the statistics' window (sql/stats.ts) too.
-- Each index is paid by every raise and every status change (a status change is not a HOT update), so they
-- are as small as the reads allow: open alerts only, with the predicate those queries write
-- (status not in ('RESOLVED', 'CANCELLED')); an advisor's only where one is assigned (an alert waiting for an
-- offer is in none); creation time as a BRIN summary (alerts are appended in time order), not a B-tree with a hot
-- last page. Their cost on the raid point (with against without this migration) was within that point's run to
-- run spread: one pair of runs had it 49 against 89 ms raise p99, earlier ones 53-68 against 34-39.
--
-- Built inside the migration's transaction, so raises wait (they are not refused) while each is built:
-- 0.1 to 0.2 s each on 400,000 alerts on the benchmark machine.
create index alerts_open_consulate_created_idx on alerts (consulate_id, created_at desc)
  where status not in ('RESOLVED', 'CANCELLED');
create index alerts_open_assigned_idx on alerts (assigned_advisor_id)
  where assigned_advisor_id is not null and status not in ('RESOLVED', 'CANCELLED');
create index alerts_created_brin on alerts using brin (created_at);
