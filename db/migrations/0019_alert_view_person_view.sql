-- The phone's frozen view (0010) comes with every alert_view row, so the person's read of an alert needs no
-- second statement for it (api/graphql/person/views.ts): a raise answered its person with one more round trip
-- than it needed. Every row carries the column, frozen or not, so a duress alert still costs the phone's
-- request the same work as any other. Appended last: CREATE OR REPLACE VIEW keeps the columns before it.
create or replace view alert_view as
select a.id, a.person_id, a.status, a.kind, a.note,
       ST_X(a.location::geometry) as lon, ST_Y(a.location::geometry) as lat, a.accuracy_m,
       a.consulate_id, a.match_method, a.match_distance_m, a.created_at, a.updated_at,
       o.distance_m as offer_distance_m, o.expires_at as offer_expires_at,
       case when oa.id is null then null else json_build_object(
         'id', oa.id, 'consulate_id', oa.consulate_id, 'name', oa.name, 'kind', oa.kind,
         'languages', oa.languages, 'availability', oa.availability, 'active', oa.active) end as offer_advisor,
       case when aa.id is null then null else json_build_object(
         'id', aa.id, 'consulate_id', aa.consulate_id, 'name', aa.name, 'kind', aa.kind,
         'languages', aa.languages, 'availability', aa.availability, 'active', aa.active) end as assigned_advisor,
       a.duress, a.disposition, a.resolution_note, a.offer_count, a.person_language,
       a.offered_at, a.acknowledged_at, a.en_route_at, a.on_scene_at, a.escalated_at, a.closed_at,
       a.flags, a.purged_at, a.duress_at, a.duress_offer_count,
       a.person_view
from alerts a
left join alert_offers o on o.id = a.current_offer_id and o.outcome is null
left join advisors oa on oa.id = o.advisor_id
left join advisors aa on aa.id = a.assigned_advisor_id;
