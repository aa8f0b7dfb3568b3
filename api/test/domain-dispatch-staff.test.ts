import { describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import type { AlertStatus } from '../src/domain/lifecycle.js';
import type { Viewer } from '../src/domain/viewer.js';
import { isRefusal, type AdvisorState, type AlertState, type Decision } from '../src/domain/dispatch/plan.js';
import { decideAssign, decideClaim } from '../src/domain/dispatch/take.js';
import { decideEscalate, decideProgress, decideResolve } from '../src/domain/dispatch/progress.js';

/**
 * The staff's dispatch rules (schema/README.md "Lifecycle" and "Errors"), decided without a database: who
 * may act, in which order refusals come, and what each allowed request writes. The database tests keep
 * what needs one: persistence, row locks, races, and authorization end to end.
 */
const ME = 'a0000000-0000-4000-8000-000000000001';
const OTHER = 'a0000000-0000-4000-8000-000000000002';
const me: AdvisorState = { id: ME, consulate_id: 'losangeles', active: true };
const advisor: Viewer = { role: 'ADVISOR', sub: 'adv', advisorId: ME, exp: 0 };
const operator: Viewer = { role: 'OPERATOR', sub: 'op', consulateId: 'losangeles', exp: 0 };
const supervisor: Viewer = { role: 'SUPERVISOR', sub: 'sup', exp: 0 };
const alert = (status: AlertStatus, over: Partial<AlertState> = {}): AlertState => ({
  id: 'b0000000-0000-4000-8000-000000000001', person_id: 'p', status, consulate_id: 'losangeles',
  assigned_advisor_id: ['ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE', 'RESOLVED'].includes(status) ? OTHER : null,
  current_offer_id: status === 'OFFERED' ? 7 : null, offer_advisor_id: status === 'OFFERED' ? OTHER : null,
  offer_count: status === 'RAISED' ? 0 : 1, duress: false, flags: [], ...over,
});

const refusal = (d: Decision) => (isRefusal(d) ? { code: d.code, message: d.message } : 'planned');
const steps = (d: Decision) => (d instanceof AppError ? d : d.steps.map((s) => s.do));

describe('claim (claimAlert; accepting an offer)', () => {
  it.each<[string, AdvisorState | null, AlertState | null, string, string?]>([
    ['a deactivated advisor is FORBIDDEN whatever the alert', { ...me, active: false }, null, 'FORBIDDEN', 'this advisor is not active'],
    ['an unknown advisor is FORBIDDEN', null, alert('RAISED'), 'FORBIDDEN'],
    ['a missing alert is NOT_FOUND', me, null, 'NOT_FOUND', 'alert not found'],
    ["another consulate's alert, not offered or assigned to them, is NOT_FOUND (never revealed)", me, alert('RAISED', { consulate_id: 'sandiego' }), 'NOT_FOUND'],
    ['an alert assigned to another advisor is ALREADY_CLAIMED', me, alert('ACKNOWLEDGED'), 'ALREADY_CLAIMED', 'this alert was already claimed'],
    ['a resolved alert is INVALID_TRANSITION, before capacity is looked at', me, alert('RESOLVED'), 'INVALID_TRANSITION', 'an alert that is RESOLVED cannot become ACKNOWLEDGED by ADVISOR'],
    ['a cancelled alert is INVALID_TRANSITION', me, alert('CANCELLED'), 'INVALID_TRANSITION', 'an alert that is CANCELLED cannot become ACKNOWLEDGED by ADVISOR'],
  ])('%s', (_name, m, a, code, message) => {
    const r = refusal(decideClaim({ me: m, alert: a }, advisor));
    expect(r).toMatchObject(message ? { code, message } : { code });
  });

  it("an offer made across the border puts the alert in the advisor's hands", () => {
    expect(refusal(decideClaim({ me, alert: alert('OFFERED', { consulate_id: 'sandiego', offer_advisor_id: ME }) }, advisor))).toBe('planned');
  });

  it('an alert already theirs is a retry: success, nothing written', () => {
    expect(steps(decideClaim({ me, alert: alert('ACKNOWLEDGED', { assigned_advisor_id: ME }) }, advisor))).toEqual([]);
  });

  it('an offer to them: capacity first, the offer ACCEPTED, then ACKNOWLEDGED (claimed) and assigned', () => {
    const d = decideClaim({ me, alert: alert('OFFERED', { offer_advisor_id: ME }) }, advisor);
    expect(d).toMatchObject({ steps: [
      { do: 'reserve', advisorId: ME }, { do: 'settle', offerId: 7, outcome: 'ACCEPTED' },
      { do: 'status', to: 'ACKNOWLEDGED', note: 'claimed', actor: { role: 'ADVISOR', id: ME } }, { do: 'assign', advisorId: ME },
    ] });
  });

  it("someone else's offer is withdrawn; an escalated alert may be claimed", () => {
    expect(decideClaim({ me, alert: alert('OFFERED') }, advisor)).toMatchObject({ steps: [{}, { do: 'settle', outcome: 'WITHDRAWN' }, {}, {}] });
    expect(steps(decideClaim({ me, alert: alert('ESCALATED') }, advisor))).toEqual(['reserve', 'status', 'assign']);
  });
});

describe('assign and reassign (the control room)', () => {
  const assign = (a: AlertState | null, reassign: boolean, target: AdvisorState | null = me, v: Viewer = operator) =>
    decideAssign({ me: null, alert: a, advisor: target }, v, { advisorId: target?.id ?? ME, reassign });

  it.each<[string, Decision, string, string?]>([
    ["an operator and another consulate's alert: NOT_FOUND", assign(alert('RAISED', { consulate_id: 'sandiego' }), false), 'NOT_FOUND', 'alert not found'],
    ['the alert is checked before the advisor', assign(null, false, null), 'NOT_FOUND', 'alert not found'],
    ['an unknown advisor: NOT_FOUND', assign(alert('RAISED'), false, null), 'NOT_FOUND', 'advisor not found'],
    ['an inactive advisor: NOT_FOUND', assign(alert('RAISED'), false, { ...me, active: false }), 'NOT_FOUND', 'advisor not found'],
    ["an operator and another consulate's advisor: NOT_FOUND", assign(alert('RAISED'), false, { ...me, consulate_id: 'sandiego' }), 'NOT_FOUND', 'advisor not found'],
    ['assign of an assigned alert: ALREADY_CLAIMED (use reassignAlert)', assign(alert('EN_ROUTE'), false), 'ALREADY_CLAIMED', 'this alert is already assigned; use reassignAlert'],
    ['assign of a closed alert: INVALID_TRANSITION', assign(alert('RESOLVED'), false), 'INVALID_TRANSITION', 'an alert that is RESOLVED cannot be assigned'],
    ["assign of a closed alert to the advisor who attended it: still INVALID_TRANSITION, not BAD_USER_INPUT", assign(alert('RESOLVED', { assigned_advisor_id: ME }), false), 'INVALID_TRANSITION', 'an alert that is RESOLVED cannot be assigned'],
    ['reassign of an unassigned alert: INVALID_TRANSITION', assign(alert('OFFERED'), true), 'INVALID_TRANSITION', 'an alert that is OFFERED has nobody to reassign from; use assignAlert'],
    ['reassign of a closed alert: INVALID_TRANSITION (nobody to reassign from)', assign(alert('CANCELLED'), true), 'INVALID_TRANSITION', 'an alert that is CANCELLED has nobody to reassign from; use assignAlert'],
  ])('%s', (_name, d, code, message) => {
    expect(refusal(d)).toMatchObject(message ? { code, message } : { code });
  });

  it('a supervisor may assign any consulate\'s alert to any consulate\'s advisor', () => {
    expect(refusal(assign(alert('RAISED', { consulate_id: 'sandiego' }), false, { ...me, consulate_id: 'chicago' }, supervisor))).toBe('planned');
  });

  it('to the advisor who already holds it: a retry (nothing written)', () => {
    expect(steps(assign(alert('ACKNOWLEDGED', { assigned_advisor_id: ME }), true))).toEqual([]);
  });

  it('assign: capacity, the offer withdrawn, ASSIGNED, the advisor set', () => {
    expect(assign(alert('OFFERED'), false)).toMatchObject({ steps: [
      { do: 'reserve', advisorId: ME }, { do: 'settle', outcome: 'WITHDRAWN' }, { do: 'status', to: 'ACKNOWLEDGED', type: 'ASSIGNED' }, { do: 'assign', advisorId: ME },
    ] });
  });

  it('reassign: the old advisor released and unset first, then as assign, recorded REASSIGNED', () => {
    expect(assign(alert('ON_SCENE'), true)).toMatchObject({ steps: [
      { do: 'release', advisorId: OTHER }, { do: 'assign', advisorId: null }, { do: 'reserve', advisorId: ME },
      { do: 'status', to: 'ACKNOWLEDGED', type: 'REASSIGNED' }, { do: 'assign', advisorId: ME },
    ] });
  });
});

describe('progress (updateAlertStatus), escalate and resolve', () => {
  const mine = (s: AlertStatus) => alert(s, { assigned_advisor_id: ME });
  const state = (a: AlertState | null) => ({ me, alert: a, evidence: null });

  it.each<[string, Decision, string, string]>([
    ['progress by an advisor not assigned to it: FORBIDDEN', decideProgress(state(alert('ACKNOWLEDGED')), advisor, { to: 'EN_ROUTE' }), 'FORBIDDEN', 'only the assigned advisor reports progress'],
    ['EN_ROUTE after ON_SCENE: INVALID_TRANSITION', decideProgress(state(mine('ON_SCENE')), advisor, { to: 'EN_ROUTE' }), 'INVALID_TRANSITION', 'an alert that is ON_SCENE cannot become EN_ROUTE by ADVISOR'],
    ['progress of a resolved alert: INVALID_TRANSITION', decideProgress(state(mine('RESOLVED')), advisor, { to: 'ON_SCENE' }), 'INVALID_TRANSITION', 'an alert that is RESOLVED cannot become ON_SCENE by ADVISOR'],
    ['the control room reports for an unassigned alert: INVALID_TRANSITION', decideProgress(state(alert('OFFERED')), operator, { to: 'EN_ROUTE' }), 'INVALID_TRANSITION', 'an alert that is OFFERED cannot become EN_ROUTE by OPERATOR'],
    ['escalate a resolved alert: INVALID_TRANSITION', decideEscalate(state(alert('RESOLVED')), operator, { note: null }), 'INVALID_TRANSITION', 'an alert that is RESOLVED cannot become ESCALATED by OPERATOR'],
    ['escalate an escalated alert with another note: INVALID_TRANSITION', decideEscalate(state(alert('ESCALATED')), operator, { note: 'x' }), 'INVALID_TRANSITION', 'an alert that is ESCALATED cannot become ESCALATED by OPERATOR'],
    ['resolve with an unknown disposition: BAD_USER_INPUT, before anything else', decideResolve(state(null), advisor, { disposition: 'NOPE', note: null }), 'BAD_USER_INPUT', expect.stringContaining('disposition must be one of DETAINED_BY_ICE') as unknown as string],
    ['resolve with a note over 2000 characters: BAD_USER_INPUT', decideResolve(state(mine('ON_SCENE')), advisor, { disposition: 'OTHER', note: 'x'.repeat(2001) }), 'BAD_USER_INPUT', 'note must be at most 2000 characters'],
    ['resolve by an advisor not assigned to it: FORBIDDEN', decideResolve(state(alert('ON_SCENE')), advisor, { disposition: 'OTHER', note: null }), 'FORBIDDEN', 'only the assigned advisor resolves'],
    ['resolve twice: INVALID_TRANSITION', decideResolve(state(mine('RESOLVED')), advisor, { disposition: 'OTHER', note: null }), 'INVALID_TRANSITION', 'an alert that is RESOLVED cannot become RESOLVED'],
    ['resolve a cancelled alert (control room): INVALID_TRANSITION', decideResolve(state(alert('CANCELLED')), operator, { disposition: 'OTHER', note: null }), 'INVALID_TRANSITION', 'an alert that is CANCELLED cannot become RESOLVED'],
  ])('%s', (_name, d, code, message) => {
    expect(refusal(d)).toMatchObject({ code, message });
  });

  it('a note of 2000 characters (emoji count as one) is accepted', () => {
    expect(refusal(decideResolve(state(mine('ON_SCENE')), advisor, { disposition: 'OTHER', note: '🙂'.repeat(2000) }))).toBe('planned');
  });

  it('the assigned advisor: ACKNOWLEDGED → EN_ROUTE → ON_SCENE, and ACKNOWLEDGED → ON_SCENE directly', () => {
    expect(steps(decideProgress(state(mine('ACKNOWLEDGED')), advisor, { to: 'EN_ROUTE' }))).toEqual(['status']);
    expect(steps(decideProgress(state(mine('EN_ROUTE')), advisor, { to: 'ON_SCENE' }))).toEqual(['status']);
    expect(steps(decideProgress(state(mine('ACKNOWLEDGED')), advisor, { to: 'ON_SCENE' }))).toEqual(['status']);
  });

  it('the same progress again by the same actor is a retry (the evidence names them)', () => {
    const evidence = { entry: { actorRole: 'ADVISOR', actorId: ME, note: null }, disposition: null, resolutionNote: null, myOfferOutcome: null };
    expect(steps(decideProgress({ me, alert: mine('EN_ROUTE'), evidence }, advisor, { to: 'EN_ROUTE' }))).toEqual([]);
  });

  it('escalate: the offer withdrawn, ESCALATED with the note, the advisor released and unset', () => {
    expect(decideEscalate(state(alert('OFFERED')), operator, { note: 'n' })).toMatchObject({ steps: [
      { do: 'settle', outcome: 'WITHDRAWN' }, { do: 'status', to: 'ESCALATED', note: 'n', actor: { role: 'OPERATOR', id: 'op' } },
    ] });
    expect(steps(decideEscalate(state(alert('EN_ROUTE')), operator, { note: null }))).toEqual(['status', 'release', 'assign']);
  });

  it('resolve: the offer withdrawn, RESOLVED noted with the disposition, the resolution stored, capacity freed (the advisor stays on record)', () => {
    expect(steps(decideResolve(state(alert('OFFERED')), operator, { disposition: 'FALSE_ALARM', note: null }))).toEqual(['settle', 'status', 'resolution']);
    expect(decideResolve(state(mine('ON_SCENE')), advisor, { disposition: 'OTHER', note: 'n' })).toMatchObject({ steps: [
      { do: 'status', to: 'RESOLVED', note: 'OTHER' }, { do: 'resolution', disposition: 'OTHER', note: 'n' }, { do: 'release', advisorId: ME },
    ] });
  });
});
