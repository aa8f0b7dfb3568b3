-- Team-first offers (issue #20, api/src/services/incidentTeamOffers.ts): how far the follower has read
-- incident_events for ALERT_JOINED (id order is commit order). One row, claimed with
-- `for update skip locked` by whichever API process gets to it first.
create table incident_team_offer_cursor (
  singleton boolean primary key default true check (singleton),
  last_id   bigint not null
);
insert into incident_team_offer_cursor (last_id) select coalesce(max(id), 0) from incident_events;
