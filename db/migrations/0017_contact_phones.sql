-- Trusted contacts' numbers sealed like every other phone number (docs/SMS.md, "Personal data"): each
-- contact in persons.trusted_contacts holds `phoneEnc` (AES-256-GCM under the SMS phone key) instead of
-- `phone` in clear. The key is the server's, not the database's, so SQL cannot encrypt: the server seals
-- the rows still in clear when it starts (api/src/sms/contactPhones.ts, sealLegacyContactPhones), and from
-- here on a clear number can no longer be written: this trigger refuses it, whatever code tries.
create or replace function persons_refuse_clear_contact_phone() returns trigger language plpgsql as $$
begin
  if jsonb_path_exists(new.trusted_contacts, '$[*].phone') then
    raise exception 'trusted_contacts must hold phoneEnc, not a phone number in clear (migration 0017)'
      using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger persons_contacts_sealed before insert or update of trusted_contacts on persons
  for each row execute function persons_refuse_clear_contact_phone();

-- The global budget of wrong SMS link codes (api/src/sms/linkGuard.ts) counts these rows in a window.
create index sms_inbound_link_failed_idx on sms_inbound (received_at) where command = 'LINK_FAILED';
