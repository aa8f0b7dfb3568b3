-- alert_events partitioned by month (issue 21.3): a year of history must cost nothing on the hot path, and
-- the retention purge drops whole months instead of leaving them for ever.
--
-- Partition key: `at` (UTC months). `seq` stays the cursor: writers still take pg_advisory_xact_lock(7261002)
-- (api/src/sql/events.ts) so seq order is commit order, and `seq > $cursor order by seq` is a merge of the
-- partitions' (seq, at) primary-key indexes. The primary key must hold the partition key, so it is (seq, at);
-- seq alone stays unique because the one sequence hands every value out once (nothing references seq).

-- Free the names: constraint names are per table, index names are per schema.
alter table alert_events rename to alert_events_unpartitioned;
alter index alert_events_pkey rename to alert_events_unpartitioned_pkey;
alter index alert_events_consulate_seq_idx rename to alert_events_unpartitioned_consulate_seq_idx;
alter index alert_events_alert_seq_idx rename to alert_events_unpartitioned_alert_seq_idx;

create table alert_events (
  seq           bigint not null default nextval('alert_events_seq_seq'),
  alert_id      uuid not null constraint alert_events_alert_id_fkey references alerts (id),
  consulate_id  text not null constraint alert_events_consulate_id_fkey references consulates (id),
  -- on a hand-over, the consulate the alert left, so both control rooms see the event
  from_consulate_id text constraint alert_events_from_consulate_id_fkey references consulates (id),
  type          text not null,
  from_status   text,
  to_status     text,
  actor_role    text not null,
  actor_id      text,
  note          text,
  at            timestamptz not null default clock_timestamp(),
  primary key (seq, at)
) partition by range (at);
create index alert_events_consulate_seq_idx on alert_events (consulate_id, seq);
create index alert_events_alert_seq_idx on alert_events (alert_id, seq);
-- An insert never fails for want of a month: rows with no month partition land here, and
-- alert_events_ensure_partitions moves them into their month when it creates it.
create table alert_events_default partition of alert_events default;

-- The sequence outlives the old table and keeps counting from where it was: cursors held by clients stay valid.
alter sequence alert_events_seq_seq owned by alert_events.seq;

-- Append-only as before (0001, 0011): row triggers on a partitioned table are cloned onto every partition;
-- TRUNCATE of the parent fires its statement trigger, TRUNCATE of one partition only that partition's own
-- (each gets one when created, below).
create trigger alert_events_no_update before update or delete on alert_events
  for each row execute function alert_events_append_only();
create trigger alert_events_no_truncate before truncate on alert_events
  for each statement execute function alert_events_append_only();
create trigger alert_events_no_truncate before truncate on alert_events_default
  for each statement execute function alert_events_append_only();

-- Month partitions: alert_events_YYYY_MM, [first of the month, first of the next) in UTC. Creates the current
-- month's and the next `ahead` months' (capped at 12), and the month of every row that landed in the default
-- partition up to then, moving those rows into it (a default partition must not keep rows of an attached
-- month). Rows dated beyond that (a database clock far ahead) stay in the default partition. Idempotent; two
-- callers at once queue on an advisory lock and the second finds the work done. SECURITY DEFINER: the
-- partitions belong to the owner of alert_events (the migration role), never to the serving role, which
-- could otherwise disable their triggers. Returns the partitions created.
create or replace function alert_events_ensure_partitions(ahead int default 2) returns setof text
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  this_month timestamp := date_trunc('month', now() at time zone 'UTC');
  last_month timestamp := this_month + make_interval(months => least(greatest(ahead, 0), 12));
  m timestamp;
  lo timestamptz;
  hi timestamptz;
  part text;
begin
  perform pg_advisory_xact_lock(7261030);
  -- Creating or attaching a partition locks alert_events exclusively: wait for it at most this long
  -- rather than queue every writer behind a long reader (the caller retries at its next pass).
  perform set_config('lock_timeout', '5s', true);
  -- The months first, in an array: a loop still reading alert_events_default would forbid altering it.
  foreach m in array array(
    select g from generate_series(this_month, last_month, interval '1 month') g
    union
    select distinct date_trunc('month', d.at at time zone 'UTC') from alert_events_default d
    where d.at < last_month at time zone 'UTC' + interval '1 month'
    order by 1)
  loop
    part := 'alert_events_' || to_char(m, 'YYYY_MM');
    continue when to_regclass(part) is not null;
    lo := m at time zone 'UTC';
    hi := (m + interval '1 month') at time zone 'UTC';
    if exists (select 1 from alert_events_default where at >= lo and at < hi) then
      -- The one place rows leave alert_events_default: into their month, then attached; nothing is lost.
      execute format('create table %I (like alert_events including defaults including constraints)', part);
      alter table alert_events_default disable trigger alert_events_no_update;
      execute format('with moved as (delete from alert_events_default where at >= $1 and at < $2 returning *)
                      insert into %I select * from moved', part) using lo, hi;
      alter table alert_events_default enable trigger alert_events_no_update;
      execute format('alter table alert_events attach partition %I for values from (%L) to (%L)', part, lo, hi);
    else
      execute format('create table %I partition of alert_events for values from (%L) to (%L)', part, lo, hi);
    end if;
    execute format('create trigger alert_events_no_truncate before truncate on %I
                    for each statement execute function alert_events_append_only()', part);
    return next part;
  end loop;
end $$;

-- The rows, in commit order, land in the default partition; ensuring the partitions then moves each month's
-- rows into its own partition (written twice, once: simpler than a second way of making partitions).
insert into alert_events select * from alert_events_unpartitioned order by seq;
drop table alert_events_unpartitioned;
select alert_events_ensure_partitions();

-- Retention by whole months: a month partition goes (DROP TABLE, no row by row delete, no dead tuples) when
-- all of it is older than the retention window and every alert with an event in it has been purged
-- (alerts.purged_at, set by the retention purge: api/src/sql/privacy.ts). Readers by cursor (`seq > $c`) just
-- start at the first month left. A month holding one event of an alert not purged (still open across the month boundary, or closed
-- within the window) stays whole: events are never deleted one by one. The default partition never goes.
-- Each drop is recorded in audit_log. SECURITY DEFINER: only the owner may drop a partition, and this is the
-- only way the serving role removes alert history; append-only (no UPDATE, DELETE, TRUNCATE) holds otherwise.
-- Returns the partitions dropped; a second caller at the same time finds the lock taken and does nothing.
create or replace function alert_events_drop_purged_months(retention_days int) returns setof text
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  part text;
  hi timestamptz;
  keep boolean;
begin
  if not pg_try_advisory_xact_lock(7261030) then return; end if;
  perform set_config('lock_timeout', '5s', true);
  foreach part in array array(
    select c.relname::text from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'alert_events'::regclass and c.relname ~ '^alert_events_[0-9]{4}_[0-9]{2}$' order by 1)
  loop
    hi := (to_date(right(part, 7), 'YYYY_MM') + interval '1 month')::timestamp at time zone 'UTC';
    continue when hi > now() - make_interval(days => greatest(retention_days, 0));
    execute format('select exists (select 1 from %I e join alerts a on a.id = e.alert_id where a.purged_at is null)', part)
      into keep;
    continue when keep;
    execute format('drop table %I', part);
    insert into audit_log (actor_role, action, subject_type, subject_id)
    values ('SYSTEM', 'DROP_EVENTS_MONTH', 'alert_events', part);
    return next part;
  end loop;
end $$;
