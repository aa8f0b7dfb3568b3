-- Wrong PINs given to cancelAlert, one row each, so the limit on guessing a person's cancel PIN holds
-- across API processes and restarts (api/src/sql/pinFailures.ts). Only failures are kept: a right PIN
-- (cancel or duress) writes nothing here and clears nothing, so the two cannot be told apart by their
-- effect on the limit. Rows older than the window are of no use and are removed by the retention job.
create table pin_failures (
  id         bigserial primary key,
  person_id  text not null references persons (id) on delete cascade,
  at         timestamptz not null default now()
);
create index pin_failures_person_at_idx on pin_failures (person_id, at);
create index pin_failures_at_idx on pin_failures (at);
