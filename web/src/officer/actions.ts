import type { Client } from 'urql';
import type { Disposition, FieldStatus } from '../gql/graphql';
import { errorCode } from '../graphql/errors';
import type { Outcome } from '../field/retry';
import { ClaimAlertMutation, DeclineOfferMutation, OfficerAlertQuery, ResolveAlertMutation, UpdateStatusMutation } from './documents';
import type { OfficerAlert } from './fold';

/**
 * The officer's actions. A claim whose answer was lost may have won; sending it again would now get the
 * alert back (docs/MOBILE.md, Retry rules), but one read is cheaper than a write under the row lock, so
 * after a lost answer (NETWORK) or ALREADY_CLAIMED we read `alert(id) { assignedAdvisor { id } }` and
 * count the claim as ours when it is.
 */
export async function claim(client: Client, id: string, advisorId: string): Promise<Outcome<OfficerAlert>> {
  const r = await client.mutation(ClaimAlertMutation, { id }).toPromise();
  if (r.data?.claimAlert) return { ok: true, value: r.data.claimAlert };
  const code = r.error ? errorCode(r.error) : 'UNKNOWN';
  if (code === 'NETWORK' || code === 'ALREADY_CLAIMED' || code === 'SERVICE_UNAVAILABLE') {
    const check = await client.query(OfficerAlertQuery, { id }, { requestPolicy: 'network-only' }).toPromise();
    const a = check.data?.alert;
    if (a && a.assignedAdvisor?.id === advisorId) return { ok: true, value: a };
  }
  return { ok: false, code };
}

/** Null: the alert left our view (the offer passed to the next advisor). */
export async function decline(client: Client, id: string): Promise<Outcome<OfficerAlert | null>> {
  const r = await client.mutation(DeclineOfferMutation, { id }).toPromise();
  if (r.error) return { ok: false, code: errorCode(r.error) };
  return { ok: true, value: r.data?.declineOffer ?? null };
}

export async function progress(client: Client, id: string, status: FieldStatus): Promise<Outcome<OfficerAlert>> {
  const r = await client.mutation(UpdateStatusMutation, { id, status }).toPromise();
  return r.data?.updateAlertStatus ? { ok: true, value: r.data.updateAlertStatus } : { ok: false, code: r.error ? errorCode(r.error) : 'UNKNOWN' };
}

export async function resolve(client: Client, id: string, disposition: Disposition, note: string): Promise<Outcome<OfficerAlert>> {
  const r = await client.mutation(ResolveAlertMutation, { id, disposition, note: note.trim() || null }).toPromise();
  return r.data?.resolveAlert ? { ok: true, value: r.data.resolveAlert } : { ok: false, code: r.error ? errorCode(r.error) : 'UNKNOWN' };
}
