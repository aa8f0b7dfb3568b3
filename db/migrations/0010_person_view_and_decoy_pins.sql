-- What the phone saw of an alert at the moment its duress PIN was typed (alert_view's row as JSON), so the
-- person's view of it stays exactly what an ordinary cancel would leave, whatever the control room does next
-- (api/src/domain/personAlertView.ts). Holds the same precise data as the row: cleared with the person link
-- by retention and deleteMyData.
alter table alerts add column person_view jsonb;

-- PINs chosen when the duress PIN was given as the current PIN to change them: whoever forced the change
-- believes one of them is the cancel PIN, so it acts as the duress PIN (api/src/services/pinChange.ts).
alter table persons add column decoy_pin_hash text;
