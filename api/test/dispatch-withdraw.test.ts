import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { serverFixture, supervisorToken } from './support/server.js';
import { CITY, Q, dispatchKit, offset, types } from './support/dispatch.js';

/**
 * An offered advisor who goes off duty or busy, or is deactivated, hands the offer back at once: the
 * alert moves to the next candidate (or escalates) instead of waiting out the offer's TTL.
 */
describe.each(backends())('offers withdrawn from advisors who stop being available, on %s', (backend) => {
  // Offers live 60 s here (the default): only a withdrawal can move the alert within the test.
  const f = serverFixture(backend);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  it('going OFF_DUTY passes the alert to the next advisor at once; deactivation then escalates it', async () => {
    await k.offDuty();
    const near = await k.addAdvisor('chicago', offset(CITY.chicago, 1));
    const far = await k.addAdvisor('chicago', offset(CITY.chicago, 5));
    const raised = await k.raise(CITY.chicago);
    expect(raised.offer?.advisor.id).toBe(near.id);

    await k.ok(Q.setAvailability, { a: 'OFF_DUTY' }, near.token);
    const passed = await k.read(raised.id);
    expect(passed.status).toBe('OFFERED');
    expect(passed.offer?.advisor.id).toBe(far.id);
    expect(types(passed)).toContain('OFFER_WITHDRAWN');
    const offers = await k.offers(raised.id);
    expect(offers.map((o) => o.outcome)).toEqual(['WITHDRAWN', null]);

    await k.ok(`mutation($id: ID!) { deactivateAdvisor(id: $id) { id active } }`, { id: far.id }, await supervisorToken());
    const escalated = await k.read(raised.id);
    expect(escalated.status).toBe('ESCALATED');
    expect(escalated.offer).toBeNull();
    expect((await k.offers(raised.id)).map((o) => o.outcome)).toEqual(['WITHDRAWN', 'WITHDRAWN']);
    expect(types(escalated).filter((t) => t === 'OFFER_WITHDRAWN')).toHaveLength(2);
  });

  it('going BUSY withdraws too; staying AVAILABLE or an advisor with no offer changes nothing', async () => {
    await k.offDuty();
    const a = await k.addAdvisor('chicago', offset(CITY.chicago, 1));
    const idle = await k.addAdvisor('chicago', offset(CITY.chicago, 40));
    const raised = await k.raise(CITY.chicago);
    expect(raised.offer?.advisor.id).toBe(a.id);
    await k.ok(Q.setAvailability, { a: 'AVAILABLE' }, a.token);
    await k.ok(Q.setAvailability, { a: 'BUSY' }, idle.token);
    expect((await k.read(raised.id)).offer?.advisor.id).toBe(a.id);
    await k.ok(Q.setAvailability, { a: 'BUSY' }, a.token);
    const after = await k.read(raised.id);
    expect(after.offer?.advisor.id).not.toBe(a.id);
    expect(types(after)).toContain('OFFER_WITHDRAWN');
  });
});
