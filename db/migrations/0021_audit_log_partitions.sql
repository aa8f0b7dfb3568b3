-- audit_log partitioned by month, like alert_events (0018; issue 21.3): it is the table that grows fastest (a
-- row for every precise location or identity a member of staff is shown, so a console open during a raid
-- writes one per alert event it displays), and it grows without bound. Its months are created ahead and rows
-- of a month without a partition wait in the default one, by the same function as alert_events' months,
-- which this migration makes general. Nothing drops audit months: how long the audit trail is kept is a
-- decision of its own (docs/SECURITY.md), not the alerts' retention window.
--
-- Partition key: `at` (UTC months). `id` stays unique (one sequence hands each value out once) and the order
-- audits are listed in (`order by id desc`); the primary key must hold the partition key, so it is (id, at).

alter table audit_log rename to audit_log_unpartitioned;
alter index audit_log_pkey rename to audit_log_unpartitioned_pkey;
alter index audit_log_subject_idx rename to audit_log_unpartitioned_subject_idx;

create table audit_log (
  id           bigint not null default nextval('audit_log_id_seq'),
  at           timestamptz not null default clock_timestamp(),
  actor_role   text not null,
  actor_id     text,
  action       text not null,
  subject_type text not null,
  subject_id   text not null,
  primary key (id, at)
) partition by range (at);
create index audit_log_subject_idx on audit_log (subject_type, subject_id, at);
create table audit_log_default partition of audit_log default;
alter sequence audit_log_id_seq owned by audit_log.id;

-- Append-only as before (0004, 0011), on every partition (row triggers are cloned; TRUNCATE triggers are
-- per table: the default partition's here, each month's when it is made).
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log_default
  for each statement execute function audit_log_append_only();

-- 0018's alert_events_ensure_partitions for any append-only table partitioned by month on `at` whose default
-- partition is <table>_default, whose row trigger is <table>_no_update and whose trigger function is
-- <table>_append_only: the same steps, the same advisory lock, the same lock timeout. Not SECURITY DEFINER
-- and not callable by other roles: the table's own wrapper below is the way in.
create or replace function ensure_month_partitions(parent text, ahead int) returns setof text
language plpgsql set search_path = public, pg_temp as $$
declare
  this_month timestamp := date_trunc('month', now() at time zone 'UTC');
  last_month timestamp := this_month + make_interval(months => least(greatest(ahead, 0), 12));
  def text := parent || '_default';
  month_list timestamp[];
  moving boolean;
  m timestamp;
  lo timestamptz;
  hi timestamptz;
  part text;
begin
  if parent not in ('alert_events', 'audit_log') then
    raise exception 'ensure_month_partitions: % is not partitioned by month', parent;
  end if;
  perform pg_advisory_xact_lock(7261030);
  perform set_config('lock_timeout', '5s', true);
  -- The months first, in an array: a loop still reading the default partition would forbid altering it.
  execute format(
    'select array(select g from generate_series($1, $2, interval ''1 month'') g
                  union
                  select distinct date_trunc(''month'', d.at at time zone ''UTC'') from %I d
                  where d.at < $2 at time zone ''UTC'' + interval ''1 month''
                  order by 1)', def)
  using this_month, last_month into strict month_list;
  foreach m in array month_list
  loop
    part := parent || '_' || to_char(m, 'YYYY_MM');
    continue when to_regclass(part) is not null;
    lo := m at time zone 'UTC';
    hi := (m + interval '1 month') at time zone 'UTC';
    execute format('select exists (select 1 from %I where at >= $1 and at < $2)', def) using lo, hi into moving;
    if moving then
      -- The one place rows leave the default partition: into their month, then attached; nothing is lost.
      execute format('create table %I (like %I including defaults including constraints)', part, parent);
      execute format('alter table %I disable trigger %I', def, parent || '_no_update');
      execute format('with moved as (delete from %I where at >= $1 and at < $2 returning *)
                      insert into %I select * from moved', def, part) using lo, hi;
      execute format('alter table %I enable trigger %I', def, parent || '_no_update');
      execute format('alter table %I attach partition %I for values from (%L) to (%L)', parent, part, lo, hi);
    else
      execute format('create table %I partition of %I for values from (%L) to (%L)', part, parent, lo, hi);
    end if;
    execute format('create trigger %I before truncate on %I for each statement execute function %I()',
                   parent || '_no_truncate', part, parent || '_append_only');
    return next part;
  end loop;
end $$;
revoke all on function ensure_month_partitions(text, int) from public;

-- alert_events keeps its name and contract (api/src/sql/partitions.ts); audit_log gets the same.
create or replace function alert_events_ensure_partitions(ahead int default 2) returns setof text
language sql security definer set search_path = public, pg_temp as $$
  select ensure_month_partitions('alert_events', ahead)
$$;
create or replace function audit_log_ensure_partitions(ahead int default 2) returns setof text
language sql security definer set search_path = public, pg_temp as $$
  select ensure_month_partitions('audit_log', ahead)
$$;

-- The rows, in id order, land in the default partition; ensuring the partitions moves each month's rows
-- into its own (as 0018 did for alert_events).
insert into audit_log select * from audit_log_unpartitioned order by id;
drop table audit_log_unpartitioned;
select audit_log_ensure_partitions();
