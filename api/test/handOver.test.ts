import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { personToken, serverFixture, testConfig } from './support/server.js';
import { Q, dispatchKit, offset, types } from './support/dispatch.js';

/**
 * services/handOver.ts: an alert handed over to another consulate (the person moved across a district
 * border) while it waits on an offer is offered within the new consulate at once; the old offer is
 * withdrawn instead of running out its TTL (60 s here: only the hand-over can move it within a test).
 */
const LA = { lat: 34.05, lon: -118.25 };
const SD = { lat: 32.72, lon: -117.16 };

describe.each(backends())('hand-over to another consulate, on %s', (backend) => {
  // One offer per alert: the hand-over's offer must be made even with the budget used up.
  const f = serverFixture(backend, { dispatch: { ...testConfig().dispatch, maxOffers: 1 } });
  const k = dispatchKit(f);
  const move = async (id: string, to: { lat: number; lon: number }, person: string) =>
    (await k.ok(Q.move, { id, location: to, recordedAt: new Date().toISOString() }, person)).updateAlertLocation;

  it('withdraws the Los Angeles offer and offers the alert to the nearest San Diego advisor at once', async () => {
    await k.offDuty();
    const la = await k.addAdvisor('losangeles', offset(LA, 1));
    const sdFar = await k.addAdvisor('sandiego', offset(SD, 8));
    const sdNear = await k.addAdvisor('sandiego', offset(SD, 2));
    const person = await personToken(randomUUID());
    const raised = await k.raise(LA, person);
    expect(raised.offer?.advisor.id).toBe(la.id);
    expect(raised.offerCount).toBe(1);

    const moved = await move(raised.id, SD, person);
    expect(moved.consulate.id).toBe('sandiego');
    expect(moved.status).toBe('OFFERED');
    expect(moved.offer?.advisor).toEqual({ id: sdNear.id, consulate: { id: 'sandiego' } });
    expect(moved.offer!.distanceKm).toBeCloseTo(2, 0); // measured from where the person is now
    expect(types(moved).slice(-3)).toEqual(['HANDED_OVER', 'OFFER_WITHDRAWN', 'OFFERED']);
    // The note is the control room's (a person's view never carries notes).
    expect((await k.read(raised.id)).events.at(-2)).toMatchObject({ actorRole: 'SYSTEM', note: 'handed over to sandiego: offered within it' });
    const offers = await k.offers(raised.id);
    expect(offers.map((o) => [o.advisor_id, o.outcome])).toEqual([[la.id, 'WITHDRAWN'], [sdNear.id, null]]);

    // The old advisor's offer is gone: they can neither decline nor claim it; the new one claims it.
    expect(await k.fails(Q.decline, { id: raised.id }, la.token)).toBe('NOT_FOUND');
    expect(await k.fails(Q.claim, { id: raised.id }, la.token)).toBe('NOT_FOUND');
    const claimed = (await k.ok(Q.claim, { id: raised.id }, sdNear.token)).claimAlert;
    expect(claimed).toMatchObject({ status: 'ACKNOWLEDGED', assignedAdvisor: { id: sdNear.id } });
    expect(await k.activeAlerts(sdFar.id)).toBe(0);
  });

  it('with nobody available in the new consulate, the old offer is withdrawn and the new control room has it', async () => {
    await k.offDuty();
    const la = await k.addAdvisor('losangeles', offset(LA, 1));
    const person = await personToken(randomUUID());
    const raised = await k.raise(LA, person);
    expect(raised.offer?.advisor.id).toBe(la.id);
    const moved = await move(raised.id, SD, person);
    expect(moved).toMatchObject({ status: 'ESCALATED', offer: null, consulate: { id: 'sandiego' } });
    expect(types(moved).slice(-3)).toEqual(['HANDED_OVER', 'OFFER_WITHDRAWN', 'ESCALATED']);
    expect((await k.offers(raised.id)).map((o) => o.outcome)).toEqual(['WITHDRAWN']);
  });

  it('keeps an offer already with an advisor of the new consulate, and an assigned advisor follows their person', async () => {
    await k.offDuty();
    // A San Diego advisor who happens to be in Los Angeles is offered as a neighbour (within the radius).
    const sdInLa = await k.addAdvisor('sandiego', offset(LA, 1));
    const person = await personToken(randomUUID());
    const raised = await k.raise(LA, person);
    expect(raised).toMatchObject({ consulate: { id: 'losangeles' }, offer: { advisor: { id: sdInLa.id } } });
    const moved = await move(raised.id, SD, person);
    expect(moved).toMatchObject({ status: 'OFFERED', consulate: { id: 'sandiego' }, offer: { advisor: { id: sdInLa.id } } });
    expect(types(moved).at(-1)).toBe('HANDED_OVER');
    expect((await k.offers(raised.id)).map((o) => o.outcome)).toEqual([null]);

    await k.ok(Q.claim, { id: raised.id }, sdInLa.token);
    const back = await move(raised.id, offset(LA, 2), person);
    expect(back).toMatchObject({ status: 'ACKNOWLEDGED', consulate: { id: 'losangeles' }, assignedAdvisor: { id: sdInLa.id } });
    expect(types(back).at(-1)).toBe('HANDED_OVER');
  });
});
