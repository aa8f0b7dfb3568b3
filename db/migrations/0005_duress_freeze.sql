-- What the phone may still see after a duress cancel is frozen at that moment: a timeline, clock or
-- offer count that kept moving afterwards would tell whoever holds the phone that help is coming.
alter table alerts add column duress_at timestamptz, add column duress_offer_count integer;

drop view alert_view;
create view alert_view as
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
       a.flags, a.purged_at, a.duress_at, a.duress_offer_count
from alerts a
left join alert_offers o on o.id = a.current_offer_id and o.outcome is null
left join advisors oa on oa.id = o.advisor_id
left join advisors aa on aa.id = a.assigned_advisor_id;
