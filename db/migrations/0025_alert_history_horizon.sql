-- A horizon for the alerts themselves (issue 21.3: no table grows without bound). The retention purge
-- (RETENTION_DAYS) keeps a closed alert as a coarse row (grid cell, consulate, times, outcome), and before
-- this it was kept for ever, with its offers, SMS rows and incident membership. Past ALERT_HISTORY_DAYS a
-- purged alert whose events are all gone (their months dropped: 0018) is counted into its month here and
-- then deleted with everything that points at it (api/src/sql/history.ts). Incidents closed that long ago,
-- with no member and no event left, go too. The counts keep what a yearly report needs, and nothing about
-- anyone.
create table alert_monthly_counts (
  month        date not null,  -- the UTC month the alerts were raised in (its first day)
  consulate_id text not null references consulates (id),
  kind         text not null,
  status       text not null,  -- the final status
  alerts       integer not null check (alerts > 0),
  primary key (month, consulate_id, kind, status)
);

-- The horizon's reads: purged alerts by close, incidents merged into one (a merge target goes after its
-- sources), and the SMS rows of an alert (sms_reporters' key and sms_outbox_alert_idx cover the others).
create index alerts_purged_closed_idx on alerts (closed_at) where purged_at is not null;
create index incidents_merged_into_idx on incidents (merged_into) where merged_into is not null;
create index sms_inbound_alert_idx on sms_inbound (alert_id) where alert_id is not null;
