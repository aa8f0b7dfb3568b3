import type { Queryable } from '../db/types.js';
import type { Evidence } from '../domain/retry.js';

/**
 * What recognising a retry needs beyond the locked row (domain/retry.ts), in one statement: the latest
 * event of `entryType` (who moved the alert into its status, with which note), the resolution, and the
 * outcome of `advisorId`'s latest offer of the alert. Index lookups on (alert_id, seq) and (alert_id, id).
 */
export async function retryEvidence(q: Queryable, alertId: string, entryType: string | null, advisorId: string | null): Promise<Evidence> {
  const r = await q.query<{
    actor_role: string | null; actor_id: string | null; entry_note: string | null;
    disposition: string | null; resolution_note: string | null; my_offer_outcome: string | null;
  }>(
    `/* retry_evidence */ select e.actor_role, e.actor_id, e.note as entry_note, a.disposition, a.resolution_note,
            (select o.outcome from alert_offers o where o.alert_id = a.id and o.advisor_id = $3::uuid
              order by o.id desc limit 1) as my_offer_outcome
     from alerts a
     left join lateral (select actor_role, actor_id, note from alert_events
                        where alert_id = a.id and type = $2::text order by seq desc limit 1) e on true
     where a.id = $1::uuid`,
    [alertId, entryType, advisorId],
  );
  const row = r.rows[0];
  return {
    entry: row?.actor_role ? { actorRole: row.actor_role, actorId: row.actor_id, note: row.entry_note } : null,
    disposition: row?.disposition ?? null,
    resolutionNote: row?.resolution_note ?? null,
    myOfferOutcome: row?.my_offer_outcome ?? null,
  };
}
