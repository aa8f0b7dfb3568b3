-- SMS intake and outbound messages (docs/SMS.md). Phone numbers are personal data: never stored in clear.
-- `*_hmac` is HMAC-SHA256 under the server's phone key (lookups, limits, opt-outs); `*_enc` is AES-256-GCM
-- under a key derived from the same secret (only to send a message to that number). Both go with the alert.

-- A person's own phone, registered to raise, follow and cancel by SMS with their PINs.
alter table persons add column sms_phone_hmac text, add column sms_phone_enc text;
create unique index persons_sms_phone_idx on persons (sms_phone_hmac) where sms_phone_hmac is not null and deleted_at is null;

-- One row per provider message (MessageSid): the same delivery retried gets the same reply, nothing twice.
-- The body is never stored (it may hold a PIN); only what it was parsed as.
create table sms_inbound (
  message_sid  text primary key,
  phone_hmac   text not null,
  command      text not null,
  alert_id     uuid references alerts (id),
  reply        text,
  received_at  timestamptz not null default now()
);
create index sms_inbound_phone_idx on sms_inbound (phone_hmac, received_at);

-- The number that raised an alert by SMS, to send it the alert's status changes while it is open.
create table sms_reporters (
  alert_id    uuid primary key references alerts (id),
  phone_hmac  text not null,
  phone_enc   text not null,
  language    text not null
);
create index sms_reporters_phone_idx on sms_reporters (phone_hmac);

-- Numbers that texted STOP: nothing is sent to them until START.
create table sms_optouts (
  phone_hmac  text primary key,
  at          timestamptz not null default now()
);

-- Every outbound message, sent by whichever process claims it first (`for update skip locked`), at most
-- `SMS_MAX_ATTEMPTS` tries with backoff. `dedupe_key` makes enqueueing idempotent.
create table sms_outbox (
  id               bigserial primary key,
  dedupe_key       text not null unique,
  alert_id         uuid references alerts (id),
  -- REPORTER: the number that raised the alert; CONTACT_RAISED / CONTACT_CLOSED: a trusted contact.
  audience         text not null check (audience in ('REPORTER', 'CONTACT_RAISED', 'CONTACT_CLOSED')),
  to_hmac          text not null,
  to_enc           text not null,
  body             text not null,
  status           text not null default 'PENDING' check (status in ('PENDING', 'SENDING', 'SENT', 'DELIVERED', 'FAILED')),
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null default now(),
  claimed_until    timestamptz,
  provider_sid     text unique,
  last_error       text,
  created_at       timestamptz not null default now(),
  sent_at          timestamptz
);
create index sms_outbox_due_idx on sms_outbox (next_attempt_at) where status in ('PENDING', 'SENDING');
create index sms_outbox_alert_idx on sms_outbox (alert_id);

-- How far the SMS follower has read alert_events (seq order is commit order: db/CONVENTIONS.md).
-- It starts at the present: alerts raised before this migration notify nobody.
create table sms_follow_cursor (
  id   integer primary key check (id = 1),
  seq  bigint not null
);
insert into sms_follow_cursor (id, seq) select 1, coalesce(max(seq), 0) from alert_events;

-- Purged with the alert: when retention or erasure cuts the person link (person_id 'purged:...'), the
-- numbers and message texts tied to the alert go at once, whoever ran the purge.
create or replace function sms_purge_with_alert() returns trigger language plpgsql as $$
begin
  delete from sms_reporters where alert_id = new.id;
  delete from sms_outbox where alert_id = new.id;
  update sms_inbound set phone_hmac = 'purged', reply = null where alert_id = new.id;
  return new;
end $$;
create trigger alerts_sms_purge after update of person_id on alerts
  for each row when (new.person_id like 'purged:%' and old.person_id not like 'purged:%')
  execute function sms_purge_with_alert();

-- Linking a phone: a one-time code (HMAC'd like a number) the person texts from it within 10 minutes.
alter table persons add column sms_link_code_hmac text, add column sms_link_expires_at timestamptz;
create index persons_sms_link_idx on persons (sms_link_code_hmac) where sms_link_code_hmac is not null;

-- Erasure (deleteMyData sets deleted_at) takes the linked number with the rest of the identity.
create or replace function sms_erase_person_phone() returns trigger language plpgsql as $$
begin
  new.sms_phone_hmac := null; new.sms_phone_enc := null; new.sms_link_code_hmac := null; new.sms_link_expires_at := null;
  return new;
end $$;
create trigger persons_sms_erase before update of deleted_at on persons
  for each row when (new.deleted_at is not null) execute function sms_erase_person_phone();
