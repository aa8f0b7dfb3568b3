import { describe, expect, it } from 'vitest';
import { entryType, isRetry, needsEvidence, type AlertNow, type Evidence, type Request } from '../src/domain/retry.js';

/** api/src/domain/retry.ts without a database: which repeated requests are answered as successes. */
const ME = 'adv-me';
const OTHER = 'adv-other';
const alert = (over: Partial<AlertNow> = {}): AlertNow => ({ status: 'ACKNOWLEDGED', personId: 'p1', assignedAdvisorId: ME, offerAdvisorId: null, duress: false, ...over });
const evidence = (over: Partial<Evidence> = {}): Evidence => ({ entry: null, disposition: null, resolutionNote: null, myOfferOutcome: null, ...over });
const advisor = { role: 'ADVISOR' as const, id: ME };
const operator = { role: 'OPERATOR' as const, id: 'op-1' };
const entryBy = (by: { role: string; id: string | null }, note: string | null = null) => ({ entry: { actorRole: by.role, actorId: by.id, note } });

/** Decides `r` as a service does: evidence is looked at only when asked for. */
const decide = (r: Request, a: AlertNow, ev: Evidence) => isRetry(r, a, needsEvidence(r, a) ? ev : null);

describe('retry recognition (domain/retry.ts)', () => {
  it('claimAlert: the advisor who holds the alert in any assigned status; not someone else, not a closed alert', () => {
    for (const status of ['ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE']) expect(decide({ op: 'claim', advisorId: ME }, alert({ status }), evidence())).toBe(true);
    expect(decide({ op: 'claim', advisorId: OTHER }, alert(), evidence())).toBe(false);
    expect(decide({ op: 'claim', advisorId: ME }, alert({ status: 'RESOLVED' }), evidence())).toBe(false); // kept on record, not held
    expect(decide({ op: 'claim', advisorId: ME }, alert({ status: 'OFFERED', assignedAdvisorId: null, offerAdvisorId: ME }), evidence())).toBe(false);
    expect(needsEvidence({ op: 'claim', advisorId: ME }, alert())).toBe(false);
  });

  it('assignAlert / reassignAlert: to the advisor already assigned, while assigned', () => {
    expect(decide({ op: 'assign', advisorId: ME }, alert({ status: 'EN_ROUTE' }), evidence())).toBe(true);
    expect(decide({ op: 'assign', advisorId: OTHER }, alert(), evidence())).toBe(false);
    expect(decide({ op: 'assign', advisorId: ME }, alert({ status: 'CANCELLED' }), evidence())).toBe(false);
  });

  it('updateAlertStatus: the status the alert has, entered by the same actor (role and id)', () => {
    const r: Request = { op: 'progress', to: 'EN_ROUTE', by: advisor };
    expect(entryType(r)).toBe('EN_ROUTE');
    expect(needsEvidence(r, alert())).toBe(false); // ACKNOWLEDGED: a first request, no read
    expect(decide(r, alert({ status: 'EN_ROUTE' }), evidence(entryBy(advisor)))).toBe(true);
    expect(decide(r, alert({ status: 'EN_ROUTE' }), evidence(entryBy(operator)))).toBe(false);
    expect(decide(r, alert({ status: 'EN_ROUTE' }), evidence(entryBy({ role: 'ADVISOR', id: OTHER })))).toBe(false);
    expect(decide(r, alert({ status: 'EN_ROUTE' }), evidence())).toBe(false); // no such event
    expect(decide(r, alert({ status: 'ON_SCENE' }), evidence(entryBy(advisor)))).toBe(false); // moved on: a stale step
  });

  it('escalateAlert: ESCALATED by the same actor with the same note; the system’s escalation is not the operator’s', () => {
    const r: Request = { op: 'escalate', by: operator, note: 'n' };
    expect(decide(r, alert({ status: 'ESCALATED' }), evidence(entryBy(operator, 'n')))).toBe(true);
    expect(decide(r, alert({ status: 'ESCALATED' }), evidence(entryBy(operator, 'other')))).toBe(false);
    expect(decide(r, alert({ status: 'ESCALATED' }), evidence(entryBy({ role: 'SYSTEM', id: null }, 'n')))).toBe(false);
  });

  it('resolveAlert: RESOLVED by the same actor with the same disposition and note', () => {
    const r: Request = { op: 'resolve', by: advisor, disposition: 'FALSE_ALARM', note: null };
    const done = evidence({ ...entryBy(advisor, 'FALSE_ALARM'), disposition: 'FALSE_ALARM' });
    expect(decide(r, alert({ status: 'RESOLVED' }), done)).toBe(true);
    expect(decide({ ...r, disposition: 'OTHER' }, alert({ status: 'RESOLVED' }), done)).toBe(false);
    expect(decide({ ...r, note: 'x' }, alert({ status: 'RESOLVED' }), done)).toBe(false);
    expect(decide({ ...r, by: operator }, alert({ status: 'RESOLVED' }), done)).toBe(false);
    expect(decide(r, alert({ status: 'ON_SCENE' }), done)).toBe(false);
  });

  it('cancelAlert: the owner’s alert, really cancelled or under duress, alike and without a read; never someone else’s', () => {
    const r: Request = { op: 'cancel', personId: 'p1' };
    expect(decide(r, alert({ status: 'CANCELLED', assignedAdvisorId: null }), evidence())).toBe(true);
    // Duress leaves it open (or resolved later by the control room): the phone's retry must still succeed.
    for (const status of ['OFFERED', 'ESCALATED', 'RESOLVED']) expect(decide(r, alert({ status, duress: true }), evidence())).toBe(true);
    expect(needsEvidence(r, alert({ duress: true }))).toBe(needsEvidence(r, alert({ status: 'CANCELLED' })));
    expect(decide(r, alert({ status: 'RESOLVED' }), evidence())).toBe(false);
    expect(decide(r, alert({ status: 'OFFERED' }), evidence())).toBe(false);
    expect(decide({ op: 'cancel', personId: 'p2' }, alert({ status: 'CANCELLED' }), evidence())).toBe(false);
  });

  it('declineOffer: the advisor’s own offer of the alert, already DECLINED; an open offer to them is a first decline', () => {
    const r: Request = { op: 'decline', advisorId: ME };
    expect(needsEvidence(r, alert({ status: 'OFFERED', offerAdvisorId: ME }))).toBe(false);
    expect(decide(r, alert({ status: 'OFFERED', offerAdvisorId: OTHER }), evidence({ myOfferOutcome: 'DECLINED' }))).toBe(true);
    for (const outcome of ['EXPIRED', 'WITHDRAWN', 'ACCEPTED', null])
      expect(decide(r, alert({ status: 'OFFERED', offerAdvisorId: OTHER }), evidence({ myOfferOutcome: outcome }))).toBe(false);
  });
});
