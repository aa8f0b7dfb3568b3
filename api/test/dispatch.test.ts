import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { operatorToken, serverFixture, supervisorToken } from './support/server.js';
import { CITY, Q, TEST_PIN, advisorToken, dispatchKit, offset, types } from './support/dispatch.js';

/**
 * The lifecycle through the API (schema/README.md, api/src/domain/lifecycle.ts): every allowed move,
 * the refusals with their codes, the event each move appends and the milestones it stamps.
 * Each test works in its own consulate with advisors it creates (all seeded advisors are off duty).
 */
describe.each(backends())('dispatch lifecycle on %s', (backend) => {
  const f = serverFixture(backend);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  it('an advisor claims an offered alert: OFFERED → ACKNOWLEDGED, the offer is ACCEPTED and the clocks start', async () => {
    const a = await k.addAdvisor('chicago', offset(CITY.chicago, 2));
    const raised = await k.raise(CITY.chicago);
    expect(raised).toMatchObject({ status: 'OFFERED', consulate: { id: 'chicago' }, offerCount: 1, offer: { advisor: { id: a.id } } });
    expect(raised.offer!.distanceKm).toBeCloseTo(2, 0);

    const { claimAlert } = await k.ok(Q.claim, { id: raised.id }, a.token);
    expect(claimAlert).toMatchObject({ status: 'ACKNOWLEDGED', offer: null, assignedAdvisor: { id: a.id, activeAlerts: 1, capacity: 1 } });
    expect((await k.offers(raised.id)).map((o) => o.outcome)).toEqual(['ACCEPTED']);
    expect(await k.activeAlerts(a.id)).toBe(1);

    const seen = await k.read(raised.id, await operatorToken('chicago'));
    expect(seen.events).toEqual([
      { type: 'RAISED', fromStatus: null, toStatus: 'RAISED', actorRole: 'PERSON', note: 'CONTAINED' },
      { type: 'OFFERED', fromStatus: 'RAISED', toStatus: 'OFFERED', actorRole: 'SYSTEM', note: null },
      { type: 'ACKNOWLEDGED', fromStatus: 'OFFERED', toStatus: 'ACKNOWLEDGED', actorRole: 'ADVISOR', note: 'claimed' },
    ]);
    const c = seen.clocks;
    expect(c.toOfferS).toBeGreaterThanOrEqual(0);
    expect(c.toAcknowledgeS).toBeGreaterThanOrEqual(c.toOfferS!);
    expect(c.toOnSceneS).toBeNull();
    expect(c.toResolveS).toBeNull();
  });

  it('the assigned advisor reports ACKNOWLEDGED → EN_ROUTE → ON_SCENE and resolves with a disposition: → RESOLVED, capacity freed', async () => {
    const a = await k.addAdvisor('denver', offset(CITY.denver, 3));
    const { id } = await k.raise(CITY.denver);
    await k.ok(Q.claim, { id }, a.token);
    const enRoute = (await k.ok(Q.progress, { id, status: 'EN_ROUTE' }, a.token)).updateAlertStatus;
    expect(enRoute.status).toBe('EN_ROUTE');
    const onScene = (await k.ok(Q.progress, { id, status: 'ON_SCENE' }, a.token)).updateAlertStatus;
    expect(onScene.status).toBe('ON_SCENE');
    expect(onScene.clocks.toOnSceneS).toBeGreaterThanOrEqual(onScene.clocks.toAcknowledgeS);
    expect(onScene.clocks.toResolveS).toBeNull();

    const { resolveAlert } = await k.ok(Q.resolve, { id, disposition: 'RELEASED_ON_SITE', note: 'liberado en el lugar' }, a.token);
    expect(resolveAlert).toMatchObject({ status: 'RESOLVED', disposition: 'RELEASED_ON_SITE', resolutionNote: 'liberado en el lugar' });
    // The advisor stays on record as the one who attended, with their capacity given back.
    expect(resolveAlert.assignedAdvisor).toMatchObject({ id: a.id, activeAlerts: 0 });
    expect(resolveAlert.clocks.toResolveS).toBeGreaterThanOrEqual(resolveAlert.clocks.toOnSceneS);
    expect(await k.activeAlerts(a.id)).toBe(0);
    expect(resolveAlert.events.slice(2).map((e: any) => [e.type, e.fromStatus, e.toStatus, e.actorRole])).toEqual([
      ['ACKNOWLEDGED', 'OFFERED', 'ACKNOWLEDGED', 'ADVISOR'],
      ['EN_ROUTE', 'ACKNOWLEDGED', 'EN_ROUTE', 'ADVISOR'],
      ['ON_SCENE', 'EN_ROUTE', 'ON_SCENE', 'ADVISOR'],
      ['RESOLVED', 'ON_SCENE', 'RESOLVED', 'ADVISOR'],
    ]);
  });

  // Which moves the lifecycle refuses, and in which order, is decided without a database
  // (domain-dispatch-staff.test.ts, domain-dispatch-person.test.ts); here: a refusal over GraphQL writes nothing.
  it('a refused move answers INVALID_TRANSITION with from and to, and appends nothing', async () => {
    const a = await k.addAdvisor('atlanta', offset(CITY.atlanta, 1));
    const { id } = await k.raise(CITY.atlanta);
    await k.ok(Q.claim, { id }, a.token);
    await k.ok(Q.resolve, { id, disposition: 'NOT_ENFORCEMENT' }, a.token);
    const events = (await k.read(id)).events.length;
    const twice = await k.call(Q.resolve, { id, disposition: 'OTHER' }, a.token);
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'RESOLVED', to: 'RESOLVED' });
    const after = await k.read(id);
    expect(after).toMatchObject({ status: 'RESOLVED', disposition: 'NOT_ENFORCEMENT' });
    expect(after.events).toHaveLength(events);
  });

  it('only the assigned advisor reports progress or resolves: another advisor of the consulate is FORBIDDEN', async () => {
    const a = await k.addAdvisor('boston', offset(CITY.boston, 1));
    const b = await k.addAdvisor('boston', offset(CITY.boston, 2));
    const { id } = await k.raise(CITY.boston);
    await k.ok(Q.claim, { id }, a.token);
    expect(await k.fails(Q.progress, { id, status: 'EN_ROUTE' }, b.token)).toBe('FORBIDDEN');
    expect(await k.fails(Q.resolve, { id, disposition: 'OTHER' }, b.token)).toBe('FORBIDDEN');
    // The control room may report for the advisor.
    const { updateAlertStatus } = await k.ok(Q.progress, { id, status: 'EN_ROUTE' }, await operatorToken('boston'));
    expect(updateAlertStatus.status).toBe('EN_ROUTE');
    expect(updateAlertStatus.events.at(-1)).toMatchObject({ type: 'EN_ROUTE', actorRole: 'OPERATOR' });
    // An advisor far from the alert and of another consulate does not even learn that it exists.
    const far = await k.addAdvisor('seattle', CITY.seattle);
    expect(await k.fails(Q.progress, { id, status: 'ON_SCENE' }, far.token)).toBe('NOT_FOUND');
  });

  it('the control room resolves an offered alert with a disposition and a note: OFFERED → RESOLVED, the offer is withdrawn', async () => {
    await k.addAdvisor('seattle', offset(CITY.seattle, 4));
    const { id } = await k.raise(offset(CITY.seattle, 1));
    const { resolveAlert } = await k.ok(Q.resolve, { id, disposition: 'FALSE_ALARM', note: '  botón presionado por error ' }, await operatorToken('seattle'));
    expect(resolveAlert).toMatchObject({ status: 'RESOLVED', disposition: 'FALSE_ALARM', resolutionNote: 'botón presionado por error', offer: null, assignedAdvisor: null });
    expect(resolveAlert.events.at(-1)).toEqual({ type: 'RESOLVED', fromStatus: 'OFFERED', toStatus: 'RESOLVED', actorRole: 'OPERATOR', note: 'FALSE_ALARM' });
    expect(resolveAlert.clocks.toResolveS).toBeGreaterThanOrEqual(0);
    expect(resolveAlert.clocks.toAcknowledgeS).toBeNull();
    expect((await k.offers(id)).map((o) => o.outcome)).toEqual(['WITHDRAWN']);
    // An advisor may not resolve what nobody assigned to them.
    const { id: id2 } = await k.raise(offset(CITY.seattle, 2));
    const offered = await k.read(id2);
    expect(await k.fails(Q.resolve, { id: id2, disposition: 'OTHER' }, await advisorToken(offered.offer!.advisor.id))).toBe('FORBIDDEN');
  });

  it('the control room escalates an offered alert (OFFERED → ESCALATED) and then assigns it (ESCALATED → ACKNOWLEDGED)', async () => {
    const a = await k.addAdvisor('miami', offset(CITY.miami, 2));
    const b = await k.addAdvisor('miami', offset(CITY.miami, 10));
    const op = await operatorToken('miami');
    const { id } = await k.raise(CITY.miami);
    const { escalateAlert } = await k.ok(Q.escalate, { id, note: 'persona conocida, atender directo' }, op);
    expect(escalateAlert).toMatchObject({ status: 'ESCALATED', offer: null, assignedAdvisor: null });
    expect(escalateAlert.events.at(-1)).toEqual({ type: 'ESCALATED', fromStatus: 'OFFERED', toStatus: 'ESCALATED', actorRole: 'OPERATOR', note: 'persona conocida, atender directo' });
    expect((await k.offers(id)).map((o) => [o.advisor_id, o.outcome])).toEqual([[a.id, 'WITHDRAWN']]);
    expect(await k.fails(Q.escalate, { id }, op)).toBe('INVALID_TRANSITION'); // already escalated

    const { assignAlert } = await k.ok(Q.assign, { id, advisorId: b.id }, op);
    expect(assignAlert).toMatchObject({ status: 'ACKNOWLEDGED', assignedAdvisor: { id: b.id, activeAlerts: 1 } });
    expect(assignAlert.events.at(-1)).toMatchObject({ type: 'ASSIGNED', fromStatus: 'ESCALATED', toStatus: 'ACKNOWLEDGED', actorRole: 'OPERATOR' });
    expect(assignAlert.clocks.toAcknowledgeS).toBeGreaterThanOrEqual(0);
    // Assigning an assigned alert is refused: that is what reassignAlert is for.
    expect(await k.fails(Q.assign, { id, advisorId: a.id }, op)).toBe('ALREADY_CLAIMED');
    // An operator cannot assign another consulate's advisor (it does not exist for them).
    const stranger = await k.addAdvisor('houston', CITY.houston);
    const other = await k.raise(offset(CITY.miami, 1));
    expect(await k.fails(Q.assign, { id: other.id, advisorId: stranger.id }, op)).toBe('NOT_FOUND');
  });

  it('the control room assigns an offered alert to an advisor: OFFERED → ACKNOWLEDGED (ASSIGNED), the offer is withdrawn', async () => {
    const a = await k.addAdvisor('dallas', offset(CITY.dallas, 1));
    const b = await k.addAdvisor('dallas', offset(CITY.dallas, 12));
    const { id } = await k.raise(CITY.dallas);
    const { assignAlert } = await k.ok(Q.assign, { id, advisorId: b.id }, await operatorToken('dallas'));
    expect(assignAlert).toMatchObject({ status: 'ACKNOWLEDGED', offer: null, assignedAdvisor: { id: b.id } });
    expect(assignAlert.events.at(-1)).toMatchObject({ type: 'ASSIGNED', fromStatus: 'OFFERED', toStatus: 'ACKNOWLEDGED' });
    expect((await k.offers(id)).map((o) => [o.advisor_id, o.outcome])).toEqual([[a.id, 'WITHDRAWN']]);
    // Assigning the advisor who holds the offer accepts it.
    const c = await k.addAdvisor('dallas', offset(CITY.dallas, 0.5));
    const second = await k.raise(CITY.dallas);
    expect(second.offer!.advisor.id).toBe(c.id);
    await k.ok(Q.assign, { id: second.id, advisorId: c.id }, await supervisorToken());
    expect((await k.offers(second.id)).map((o) => o.outcome)).toEqual(['ACCEPTED']);
  });

  it("the control room reassigns an assigned alert: the old advisor's activeAlerts decrements, the new one's increments", async () => {
    const a = await k.addAdvisor('houston', offset(CITY.houston, 1), { capacity: 2 });
    const b = await k.addAdvisor('houston', offset(CITY.houston, 5), { capacity: 2 });
    const op = await operatorToken('houston');
    const { id } = await k.raise(offset(CITY.houston, 0.5));
    await k.ok(Q.claim, { id }, a.token);
    await k.ok(Q.progress, { id, status: 'EN_ROUTE' }, a.token);
    const roster = async () => Object.fromEntries((await k.ok(Q.roster, { c: 'houston' }, op)).advisors.map((x: any) => [x.id, x.activeAlerts]));
    expect(await roster()).toMatchObject({ [a.id]: 1, [b.id]: 0 });

    // Already theirs: answered as the success a retry after a lost answer needs, with nothing written.
    const again = (await k.ok(Q.reassign, { id, advisorId: a.id }, op)).reassignAlert;
    expect(again).toMatchObject({ status: 'EN_ROUTE', assignedAdvisor: { id: a.id, activeAlerts: 1 } });
    expect(types(again).filter((t) => t === 'REASSIGNED')).toEqual([]);
    const { reassignAlert } = await k.ok(Q.reassign, { id, advisorId: b.id }, op);
    expect(reassignAlert).toMatchObject({ status: 'ACKNOWLEDGED', assignedAdvisor: { id: b.id, activeAlerts: 1, capacity: 2 } });
    expect(reassignAlert.events.at(-1)).toMatchObject({ type: 'REASSIGNED', fromStatus: 'EN_ROUTE', toStatus: 'ACKNOWLEDGED', actorRole: 'OPERATOR' });
    expect(await roster()).toMatchObject({ [a.id]: 0, [b.id]: 1 });
    // The old advisor no longer acts on it; the new one does.
    expect(await k.fails(Q.progress, { id, status: 'ON_SCENE' }, a.token)).toBe('FORBIDDEN');
    await k.ok(Q.progress, { id, status: 'ON_SCENE' }, b.token);
    // Reassigning an unassigned alert is refused.
    const open = await k.raise(offset(CITY.houston, 0.2));
    expect(await k.fails(Q.reassign, { id: open.id, advisorId: b.id }, op)).toBe('INVALID_TRANSITION');
  });

  it('the control room escalates an assigned alert: ACKNOWLEDGED → ESCALATED and the advisor is freed', async () => {
    const a = await k.addAdvisor('phoenix', offset(CITY.phoenix, 1));
    const { id } = await k.raise(CITY.phoenix);
    await k.ok(Q.claim, { id }, a.token);
    const { escalateAlert } = await k.ok(Q.escalate, { id }, await operatorToken('phoenix'));
    expect(escalateAlert).toMatchObject({ status: 'ESCALATED', assignedAdvisor: null });
    expect(escalateAlert.events.at(-1)).toMatchObject({ type: 'ESCALATED', fromStatus: 'ACKNOWLEDGED', actorRole: 'OPERATOR', note: null });
    expect(await k.activeAlerts(a.id)).toBe(0);
    // An escalated alert may still be claimed.
    const { claimAlert } = await k.ok(Q.claim, { id }, a.token);
    expect(claimAlert.events.at(-1)).toMatchObject({ type: 'ACKNOWLEDGED', fromStatus: 'ESCALATED' });
  });

  it('the person cancels their alert: OFFERED → CANCELLED withdraws the offer; ACKNOWLEDGED → CANCELLED frees the advisor', async () => {
    const a = await k.addAdvisor('detroit', offset(CITY.detroit, 1));
    const offered = await k.raise(CITY.detroit, await k.personWithPins());
    const { cancelAlert } = await k.ok(Q.cancel, { id: offered.id , pin: TEST_PIN }, offered.personToken);
    expect(cancelAlert).toMatchObject({ status: 'CANCELLED', offer: null, duress: false });
    expect(cancelAlert.events.at(-1)).toEqual({ type: 'CANCELLED', fromStatus: 'OFFERED', toStatus: 'CANCELLED', actorRole: 'PERSON', note: null });
    expect(cancelAlert.clocks.toResolveS).toBeNull();
    expect((await k.offers(offered.id)).map((o) => o.outcome)).toEqual(['WITHDRAWN']);
    // Cancelling again (a retry after a lost answer) is the same success, with no second event.
    expect((await k.ok(Q.cancel, { id: offered.id, pin: TEST_PIN }, offered.personToken)).cancelAlert).toEqual(cancelAlert);

    const taken = await k.raise(CITY.detroit, await k.personWithPins());
    await k.ok(Q.claim, { id: taken.id }, a.token);
    expect(await k.activeAlerts(a.id)).toBe(1);
    const r = (await k.ok(Q.cancel, { id: taken.id , pin: TEST_PIN }, taken.personToken)).cancelAlert;
    expect(r.events.at(-1)).toMatchObject({ type: 'CANCELLED', fromStatus: 'ACKNOWLEDGED' });
    expect(await k.activeAlerts(a.id)).toBe(0);
    // Someone else's alert does not exist for a person.
    const mine = await k.raise(CITY.detroit);
    expect(await k.fails(Q.cancel, { id: mine.id , pin: TEST_PIN }, taken.personToken)).toBe('NOT_FOUND');
  });

  it('an advisor with capacity 1 already assigned cannot claim a second alert (ADVISOR_AT_CAPACITY), and can after resolving', async () => {
    const a = await k.addAdvisor('omaha', offset(CITY.omaha, 1));
    const first = await k.raise(CITY.omaha);
    await k.ok(Q.claim, { id: first.id }, a.token);
    // Not offered the next one either: at capacity means not a candidate.
    const second = await k.raise(offset(CITY.omaha, 0.5));
    expect(second).toMatchObject({ status: 'ESCALATED', offerCount: 0 });
    expect(await k.fails(Q.claim, { id: second.id }, a.token)).toBe('ADVISOR_AT_CAPACITY');
    expect((await k.read(second.id)).status).toBe('ESCALATED');
    expect(await k.activeAlerts(a.id)).toBe(1);

    await k.ok(Q.resolve, { id: first.id, disposition: 'LEGAL_REPRESENTATION_PROVIDED' }, a.token);
    const { claimAlert } = await k.ok(Q.claim, { id: second.id }, a.token);
    expect(claimAlert).toMatchObject({ status: 'ACKNOWLEDGED', assignedAdvisor: { id: a.id } });
    expect(await k.activeAlerts(a.id)).toBe(1);
    // The control room cannot push it past capacity either.
    const third = await k.raise(offset(CITY.omaha, 0.3));
    expect(await k.fails(Q.assign, { id: third.id, advisorId: a.id }, await operatorToken('omaha'))).toBe('ADVISOR_AT_CAPACITY');
    expect(types(await k.read(third.id))).toEqual(['RAISED', 'ESCALATED']);
  });
});
