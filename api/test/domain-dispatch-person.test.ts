import { describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import type { AlertStatus } from '../src/domain/lifecycle.js';
import { isRefusal, type AlertState, type Decision } from '../src/domain/dispatch/plan.js';
import { decideCancel, decideLocation, decideMove, decideSilentDuress } from '../src/domain/dispatch/person.js';
import { decideDecline, decideHandOverOffer, decideOffer, decideOfferEnd, offersUsedUp } from '../src/domain/dispatch/offers.js';
import type { Candidate } from '../src/domain/ranking.js';
import { decideRaise, flagsFor, sameRequest } from '../src/domain/dispatch/raise.js';

/** The person's and the system's dispatch rules (schema/README.md), decided without a database. */
const ADV = 'a0000000-0000-4000-8000-000000000001';
const alert = (status: AlertStatus, over: Partial<AlertState> = {}): AlertState => ({
  id: 'b0000000-0000-4000-8000-000000000001', person_id: 'p', status, consulate_id: 'losangeles',
  assigned_advisor_id: ['ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE'].includes(status) ? ADV : null,
  current_offer_id: status === 'OFFERED' ? 7 : null, offer_advisor_id: status === 'OFFERED' ? ADV : null,
  offer_count: 1, duress: false, flags: [], ...over,
});
const refusal = (d: unknown) => (isRefusal(d) ? { code: d.code, message: d.message } : 'ok');
const steps = (d: Decision) => (d instanceof AppError ? d : d.steps.map((s) => s.do));
const NOW = new Date('2026-12-04T12:00:00Z');

describe('cancel (the PIN already accepted)', () => {
  it.each<[string, AlertState | null, string, string]>([
    ['a missing alert: NOT_FOUND', null, 'NOT_FOUND', 'alert not found'],
    ["another person's alert: NOT_FOUND (never revealed)", alert('RAISED', { person_id: 'q' }), 'NOT_FOUND', 'alert not found'],
    ['a resolved alert: INVALID_TRANSITION', alert('RESOLVED'), 'INVALID_TRANSITION', 'an alert that is RESOLVED cannot become CANCELLED'],
  ])('%s', (_name, a, code, message) => {
    expect(refusal(decideCancel(a, 'p', { duress: false }))).toEqual({ code, message });
    expect(refusal(decideCancel(a, 'p', { duress: true }))).toEqual({ code, message });
  });

  it('cancelled already, really or under duress, is the same success for both PINs: nothing written', () => {
    for (const a of [alert('CANCELLED'), alert('OFFERED', { duress: true })]) {
      expect(steps(decideCancel(a, 'p', { duress: false }))).toEqual([]);
      expect(steps(decideCancel(a, 'p', { duress: true }))).toEqual([]);
    }
  });

  it('the cancel PIN: the offer withdrawn, CANCELLED, the assigned advisor released', () => {
    expect(decideCancel(alert('OFFERED'), 'p', { duress: false })).toMatchObject({ steps: [{ do: 'settle', offerId: 7, outcome: 'WITHDRAWN' }, { do: 'status', to: 'CANCELLED', actor: { role: 'PERSON', id: 'p' } }] });
    expect(steps(decideCancel(alert('EN_ROUTE'), 'p', { duress: false }))).toEqual(['status', 'release']);
  });

  it('the duress PIN: the alert stays open, flagged DURESS for the control room; nothing released', () => {
    expect(decideCancel(alert('EN_ROUTE'), 'p', { duress: true })).toEqual({ steps: [
      { do: 'duress' }, { do: 'event', type: 'DURESS', actor: { role: 'PERSON', id: 'p' }, extra: { note: 'cancelled with the duress PIN: keep it active at top priority' } },
    ] });
  });

  it('after a duress PIN given during a lockout, even the cancel PIN completes it as a duress cancel', () => {
    expect(decideCancel(alert('OFFERED', { flags: ['DURESS_DURING_LOCKOUT'] }), 'p', { duress: false })).toMatchObject({ steps: [
      { do: 'duress' }, { do: 'event', type: 'DURESS', extra: { note: 'cancelled after a duress PIN given during a PIN lockout: keep it active at top priority' } },
    ] });
  });
});

describe('silent duress (a duress PIN where the phone must see no change)', () => {
  it('flags an open alert of the person once, with an event for the control room only', () => {
    expect(decideSilentDuress(alert('RAISED'), 'p', { flag: 'F', note: 'n' })).toEqual({ steps: [{ do: 'flag', flag: 'F' }, { do: 'event', type: 'DURESS_SILENT', actor: { role: 'PERSON', id: 'p' }, extra: { note: 'n' } }] });
  });
  it.each<[string, AlertState | null]>([
    ['no alert', null], ["another person's", alert('RAISED', { person_id: 'q' })], ['closed', alert('RESOLVED')],
    ['already under duress', alert('RAISED', { duress: true })], ['already flagged', alert('RAISED', { flags: ['DURESS_AT_PIN_CHANGE'] })],
  ])('nothing for an alert %s', (_name, a) => {
    expect(decideSilentDuress(a, 'p', { flag: 'F', note: 'n' }).steps).toEqual([]);
  });
});

describe('locations and hand-over', () => {
  const at = (ms: number) => new Date(NOW.getTime() + ms);
  it.each<[string, AlertState | null, Date | null, Date, string, string]>([
    ['more than a minute in the future: BAD_USER_INPUT, before anything else', null, null, at(60_001), 'BAD_USER_INPUT', 'recordedAt is in the future'],
    ["another person's alert: NOT_FOUND", alert('RAISED', { person_id: 'q' }), null, NOW, 'NOT_FOUND', 'alert not found'],
    ['a cancelled alert: INVALID_TRANSITION', alert('CANCELLED'), null, NOW, 'INVALID_TRANSITION', 'an alert that is CANCELLED no longer takes locations'],
    ['an alert cancelled with the duress PIN answers as a cancelled one', alert('EN_ROUTE', { duress: true }), null, NOW, 'INVALID_TRANSITION', 'an alert that is CANCELLED no longer takes locations'],
    ['older than the newest fix: BAD_USER_INPUT', alert('RAISED'), at(1), NOW, 'BAD_USER_INPUT', 'this location is older than one already received'],
  ])('%s', (_name, a, last, recordedAt, code, message) => {
    expect(refusal(decideLocation({ alert: a, lastFixAt: last }, 'p', { recordedAt }, NOW))).toEqual({ code, message });
  });

  it('a fix up to a minute ahead, or as new as the last, is taken', () => {
    expect(decideLocation({ alert: alert('RAISED'), lastFixAt: NOW }, 'p', { recordedAt: at(60_000) }, NOW)).toBeNull();
    expect(decideLocation({ alert: alert('RAISED'), lastFixAt: NOW }, 'p', { recordedAt: NOW }, NOW)).toBeNull();
  });

  it('in the same district: LOCATION_UPDATED; in another: HANDED_OVER, seen by both consulates', () => {
    expect(decideMove(alert('RAISED'), 'p', { consulateId: 'losangeles' })).toMatchObject({ handedOver: false, steps: [{ type: 'LOCATION_UPDATED' }] });
    expect(decideMove(alert('RAISED'), 'p', { consulateId: 'sandiego' })).toMatchObject({ handedOver: true, steps: [{ type: 'HANDED_OVER', extra: { consulateId: 'sandiego', fromConsulateId: 'losangeles', note: 'losangeles -> sandiego' } }] });
  });

  it('a fix is kept in the track, then becomes the position (with how it was routed), before the event', () => {
    const fix = { point: { lon: -117.16, lat: 32.72, accuracyM: 10 }, recordedAt: NOW, method: 'CONTAINED' as const, distanceM: 0 };
    expect(decideMove(alert('RAISED'), 'p', { consulateId: 'sandiego', fix }).steps).toEqual([
      { do: 'track', point: fix.point, recordedAt: NOW, consulateId: 'sandiego' },
      { do: 'position', point: fix.point, consulateId: 'sandiego', method: 'CONTAINED', distanceM: 0 },
      { do: 'event', type: 'HANDED_OVER', actor: { role: 'PERSON', id: 'p' }, extra: { consulateId: 'sandiego', fromConsulateId: 'losangeles', note: 'losangeles -> sandiego' } },
    ]);
    expect(steps(decideMove(alert('EN_ROUTE'), 'p', { consulateId: 'losangeles', fix }))).toEqual(['track', 'position', 'event']);
  });

  it("after a hand-over an offer to the old consulate's advisor is withdrawn and the alert offered within the new one, even with its offers used up", () => {
    const moved = alert('OFFERED', { consulate_id: 'sandiego', offer_count: 99 });
    expect(decideHandOverOffer(moved, 'losangeles')).toMatchObject({ steps: [{ do: 'settle', outcome: 'WITHDRAWN', orStop: true }, { type: 'OFFER_WITHDRAWN', extra: { note: 'handed over to sandiego: offered within it' } }], offerNext: { handOver: true } });
    expect(offersUsedUp(moved, 3, { handOver: true })).toBeNull();
  });

  it('nothing changes for an offer already within the new consulate, or an alert not OFFERED', () => {
    expect(decideHandOverOffer(alert('OFFERED', { consulate_id: 'sandiego' }), 'sandiego').steps).toEqual([]);
    expect(decideHandOverOffer(alert('EN_ROUTE', { consulate_id: 'sandiego' }), null).steps).toEqual([]);
    expect(decideHandOverOffer(alert('ESCALATED', { consulate_id: 'sandiego' }), null).steps).toEqual([]);
  });
});

describe('offers', () => {
  const cand = (advisorId: string, consulateId: string, distanceM: number): Candidate => ({ advisorId, consulateId, distanceM, languages: ['es'] });
  it('with the offers used up the alert escalates (not taken after N offers); below the limit the candidates are read', () => {
    expect(offersUsedUp(alert('OFFERED', { offer_count: 3 }), 3, { handOver: false })).toMatchObject({ steps: [{ do: 'status', to: 'ESCALATED', note: 'not taken after 3 offers', actor: { role: 'SYSTEM' } }] });
    expect(offersUsedUp(alert('OFFERED', { offer_count: 2 }), 3, { handOver: false })).toBeNull();
  });
  it('nobody available: ESCALATED (no available advisor nearby); otherwise the best ranked is offered', () => {
    const a = { ...alert('RAISED'), person_language: null };
    expect(decideOffer(a, [])).toMatchObject({ steps: [{ do: 'status', to: 'ESCALATED', note: 'no available advisor nearby' }] });
    expect(decideOffer(a, [cand('far', 'losangeles', 9000), cand('near-other', 'sandiego', 10), cand('near', 'losangeles', 100)])).toEqual({ offer: { advisorId: 'near', distanceM: 100 } });
  });
  it('an alert that is not RAISED or OFFERED is not offered (the lifecycle)', () => {
    expect(refusal(decideOffer({ ...alert('ESCALATED'), person_language: null }, [cand('x', 'losangeles', 1)]))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });
  it('expiry of the current offer: settled once (else stop), OFFER_EXPIRED, passed on; a stale offer is only settled', () => {
    expect(decideOfferEnd(alert('OFFERED'), 7, null)).toMatchObject({ passesOn: true, offerNext: { handOver: false }, steps: [{ do: 'settle', outcome: 'EXPIRED', orStop: true }, { type: 'OFFER_EXPIRED', extra: { note: null } }] });
    expect(decideOfferEnd(alert('OFFERED'), 6, null)).toEqual({ passesOn: false, steps: [{ do: 'settle', offerId: 6, outcome: 'WITHDRAWN' }] });
    expect(decideOfferEnd(null, 6, 'off duty').passesOn).toBe(false);
  });
  it('withdrawal from an advisor gone off duty: OFFER_WITHDRAWN with the reason, passed on', () => {
    expect(decideOfferEnd(alert('OFFERED'), 7, 'off duty')).toMatchObject({ steps: [{ outcome: 'WITHDRAWN' }, { type: 'OFFER_WITHDRAWN', extra: { note: 'off duty' } }] });
  });
  it.each<[string, AlertState | null]>([
    ['no alert', null], ['an offer to someone else', alert('OFFERED', { offer_advisor_id: 'someone' })], ['no open offer', alert('ESCALATED')],
  ])('decline with %s: NOT_FOUND', (_name, a) => {
    expect(refusal(decideDecline({ alert: a, evidence: null }, { role: 'ADVISOR', id: ADV }))).toEqual({ code: 'NOT_FOUND', message: 'no open offer of this alert to you' });
  });
  it('decline: the offer DECLINED, OFFER_DECLINED by the advisor, passed on; declined already is a retry', () => {
    expect(decideDecline({ alert: alert('OFFERED'), evidence: null }, { role: 'ADVISOR', id: ADV })).toMatchObject({ steps: [{ outcome: 'DECLINED' }, { type: 'OFFER_DECLINED', actor: { id: ADV } }], offerNext: {} });
    const evidence = { entry: null, disposition: null, resolutionNote: null, myOfferOutcome: 'DECLINED' };
    expect(steps(decideDecline({ alert: alert('OFFERED', { offer_advisor_id: 'next' }), evidence }, { role: 'ADVISOR', id: ADV }))).toEqual([]);
  });
});

describe('raise', () => {
  it('flags: over the limit RATE_LIMITED, routed by FALLBACK OUTSIDE_COVERAGE', () => {
    expect(flagsFor(3, 3, 'CONTAINED')).toEqual([]);
    expect(flagsFor(4, 3, 'FALLBACK')).toEqual(['RATE_LIMITED', 'OUTSIDE_COVERAGE']);
  });
  it('RAISED (the method and flags as its note), then offered; over the limit escalated for the control room to verify instead', () => {
    expect(decideRaise({ recentRaises: 1, method: 'CONTAINED' }, 'p', { raiseLimitPer10Min: 3 })).toMatchObject({ steps: [{ type: 'RAISED', extra: { fromStatus: null, toStatus: 'RAISED', note: 'CONTAINED' } }], offerNext: { handOver: false } });
    const over = decideRaise({ recentRaises: 4, method: 'NEAREST' }, 'p', { raiseLimitPer10Min: 3 });
    expect(over).toMatchObject({ steps: [{ do: 'flags', flags: ['RATE_LIMITED'] }, { type: 'RAISED', extra: { note: 'NEAREST RATE_LIMITED' } }, { do: 'status', to: 'ESCALATED', note: 'over the raise limit: verify before dispatching' }] });
    expect(over.offerNext).toBeUndefined();
  });
  it('a key used again: the same alert for the same request, IDEMPOTENCY_KEY_REUSED for another', () => {
    expect(sameRequest({ id: 'x', request_hash: 'h' }, { hash: 'h' })).toBe('x');
    expect(refusal(sameRequest({ id: 'x', request_hash: 'h' }, { hash: 'other' }))).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});
