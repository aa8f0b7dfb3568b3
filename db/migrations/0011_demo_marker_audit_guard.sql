-- Demo rows are marked, so that a production start can refuse them (api/src/db/demoData.ts), and the audit
-- log refuses TRUNCATE as it already refused UPDATE and DELETE.

-- Fictional advisors written by the demo seed (seeds/src/advisors.ts) carry demo = true.
alter table advisors add column demo boolean not null default false;
-- Rows the demo seed wrote before this column existed: every demo name ends in " (demo)".
update advisors set demo = true where name like '% (demo)';

-- Row triggers do not fire on TRUNCATE: a statement trigger refuses it, for every role, owner included.
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
create trigger alert_events_no_truncate before truncate on alert_events
  for each statement execute function alert_events_append_only();
