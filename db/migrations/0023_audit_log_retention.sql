-- How long the audit trail is kept (issue 21.3), decided by the operator in the database, never by the API.
-- A retention the API passed in (as it passes RETENTION_DAYS for alert history) would let a compromised or
-- misconfigured serving process shorten the trail that records what it did. So the setting is a row the
-- serving role may read but not write (api/src/db/roles.ts), changed by the owning role with
--   update audit_retention set keep_months = 24;
-- and every change of it is itself written to audit_log. NULL (the default) keeps the trail for ever, as
-- before this migration. A month of audit_log goes whole (DROP TABLE: no row-by-row delete, no dead tuples)
-- once all of it is older than `keep_months` months; the default partition never goes.

create table audit_retention (
  singleton   boolean primary key default true check (singleton),
  keep_months int check (keep_months between 1 and 1200),
  changed_at  timestamptz not null default now()
);
insert into audit_retention (keep_months) values (null);

-- The row cannot be removed (a missing row would read as "for ever" anyway, but the setting stays visible),
-- and each change leaves its trace: who (the database role), and the new value.
create or replace function audit_retention_changed() returns trigger
language plpgsql set search_path = public, pg_temp as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'audit_retention: the setting cannot be deleted; set keep_months to null to keep the audit trail for ever';
  end if;
  new.changed_at := now();
  insert into audit_log (actor_role, actor_id, action, subject_type, subject_id)
  values ('DATABASE', current_user, 'AUDIT_RETENTION_SET', 'audit_retention', coalesce(new.keep_months::text || ' months', 'forever'));
  return new;
end $$;
create trigger audit_retention_changed before update or delete on audit_retention
  for each row execute function audit_retention_changed();

-- One pass of the audit months' retention: called by every API process with the other partition care
-- (api/src/services/eventPartitions.ts), taking no argument, so the caller decides nothing. SECURITY DEFINER:
-- only the owner may drop a partition. The same advisory lock as the months' creation; a second caller at the
-- same time finds it taken and does nothing. Each drop is recorded in audit_log. Returns the months dropped.
create or replace function audit_log_drop_expired_months() returns setof text
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  keep int := (select keep_months from audit_retention);
  part text;
  hi timestamptz;
begin
  if keep is null then return; end if;
  if not pg_try_advisory_xact_lock(7261030) then return; end if;
  perform set_config('lock_timeout', '5s', true);
  foreach part in array array(
    select c.relname::text from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'audit_log'::regclass and c.relname ~ '^audit_log_[0-9]{4}_[0-9]{2}$' order by 1)
  loop
    hi := (to_date(right(part, 7), 'YYYY_MM') + interval '1 month')::timestamp at time zone 'UTC';
    exit when hi > now() - make_interval(months => keep); -- oldest first: the rest are younger
    execute format('drop table %I', part);
    insert into audit_log (actor_role, action, subject_type, subject_id)
    values ('SYSTEM', 'DROP_AUDIT_MONTH', 'audit_log', part);
    return next part;
  end loop;
end $$;
