-- incident_events partitioned by month, like alert_events (0018) and audit_log (0021) (issue 21.3): it is
-- append-only and grows with every raid alert (each alert that joins an incident writes an event), so it
-- grows without bound, and before this nothing ever removed a row of it. Its months are made ahead by the
-- shared function (0021) and dropped whole once every incident with an event in them closed before the
-- retention window, as alert_events' months go once their alerts are purged.
--
-- Partition key: `at` (UTC months). `id` stays the cursor of the incidentEvents stream: writers still take
-- their advisory lock (7261014, api/src/sql/incidentEvents.ts) so id order is commit order, and
-- `id > $cursor order by id` is a merge of the partitions' (id, at) primary-key indexes. Nothing references
-- incident_events.id; one sequence hands each value out once, so id alone stays unique.

alter table incident_events rename to incident_events_unpartitioned;
alter index incident_events_pkey rename to incident_events_unpartitioned_pkey;
alter index incident_events_audience_idx rename to incident_events_unpartitioned_audience_idx;
alter index incident_events_incident_idx rename to incident_events_unpartitioned_incident_idx;

create table incident_events (
  id           bigint not null default nextval('incident_events_id_seq'),
  incident_id  uuid not null constraint incident_events_incident_id_fkey references incidents (id),
  consulate_id text not null constraint incident_events_consulate_id_fkey references consulates (id),
  audience     text[] not null,
  type         text not null,
  actor_kind   text not null,
  actor_id     text,
  note         text,
  at           timestamptz not null default clock_timestamp(),
  data         jsonb not null default '{}',
  primary key (id, at)
) partition by range (at);
create index incident_events_audience_idx on incident_events using gin (audience);
create index incident_events_incident_idx on incident_events (incident_id, id);
create table incident_events_default partition of incident_events default;
-- The sequence keeps counting from where it was: cursors held by consoles stay valid.
alter sequence incident_events_id_seq owned by incident_events.id;

-- Append-only as before (0014), on every partition, TRUNCATE included (as 0011 did for the other two).
create trigger incident_events_no_update before update or delete on incident_events
  for each row execute function incident_events_append_only();
create trigger incident_events_no_truncate before truncate on incident_events
  for each statement execute function incident_events_append_only();
create trigger incident_events_no_truncate before truncate on incident_events_default
  for each statement execute function incident_events_append_only();

-- 0021's shared function, taking incident_events too. The tables it may take are now rows of a table rather
-- than a list in its body, so that the next table partitioned by month is a row, not another copy of this body.
-- The migration role alone writes it (api/src/db/roles.ts); the function stays callable only from each table's
-- SECURITY DEFINER wrapper.
create table month_partitioned_tables (parent text primary key);
insert into month_partitioned_tables values ('alert_events'), ('audit_log'), ('incident_events');

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
  if not exists (select 1 from month_partitioned_tables t where t.parent = ensure_month_partitions.parent) then
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

create or replace function incident_events_ensure_partitions(ahead int default 2) returns setof text
language sql security definer set search_path = public, pg_temp as $$
  select ensure_month_partitions('incident_events', ahead)
$$;

-- Retention by whole months, as alert_events_drop_purged_months (0018): a month goes (DROP TABLE) when all of
-- it is older than the retention window and every incident with an event in it closed (closed, dismissed or
-- merged: closed_at is set) before that window. An incident still live, or closed within the window, keeps
-- every month it has an event in whole. The default partition never goes. Each drop is recorded in
-- audit_log. SECURITY DEFINER: the only way the serving role removes incident history.
create or replace function incident_events_drop_closed_months(retention_days int) returns setof text
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  cutoff timestamptz := now() - make_interval(days => greatest(retention_days, 0));
  part text;
  hi timestamptz;
  keep boolean;
begin
  if not pg_try_advisory_xact_lock(7261030) then return; end if;
  perform set_config('lock_timeout', '5s', true);
  foreach part in array array(
    select c.relname::text from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'incident_events'::regclass and c.relname ~ '^incident_events_[0-9]{4}_[0-9]{2}$' order by 1)
  loop
    hi := (to_date(right(part, 7), 'YYYY_MM') + interval '1 month')::timestamp at time zone 'UTC';
    exit when hi > cutoff; -- oldest first: the rest are younger
    execute format('select exists (select 1 from %I e join incidents i on i.id = e.incident_id
                                   where i.closed_at is null or i.closed_at >= $1)', part)
      using cutoff into keep;
    continue when keep;
    execute format('drop table %I', part);
    insert into audit_log (actor_role, action, subject_type, subject_id)
    values ('SYSTEM', 'DROP_INCIDENT_EVENTS_MONTH', 'incident_events', part);
    return next part;
  end loop;
end $$;

-- The rows, in id order, land in the default partition; ensuring the partitions moves each month's rows into
-- its own (as 0018 and 0021 did).
insert into incident_events select * from incident_events_unpartitioned order by id;
drop table incident_events_unpartitioned;
select incident_events_ensure_partitions();
