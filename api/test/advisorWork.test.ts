import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { operatorToken, personToken, serverFixture } from './support/server.js';
import { CITY, Q, advisorToken, dispatchKit, errorCode, offset } from './support/dispatch.js';

/**
 * `myAdvisor` and `myAlerts`: what /officer loads when it opens, so a new or cleared device shows the
 * alerts in the advisor's care (and the offer waiting for them), not only a "1 de 1" count.
 */
const START = `query { myAdvisor { id activeAlerts capacity } myAlerts { id status offer { advisor { id } } assignedAdvisor { id } location { accuracyM precise } } }`;

describe.each(backends())('myAdvisor / myAlerts on %s', (backend) => {
  const f = serverFixture(backend);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  it('lists the open offer to me, then the alert I took, with my load; never another advisor\u2019s; not after it closes', async () => {
    const me = await k.addAdvisor('houston', offset(CITY.houston, 1), { capacity: 2 });
    const empty = await k.ok(START, {}, me.token);
    expect(empty).toEqual({ myAdvisor: { id: me.id, activeAlerts: 0, capacity: 2 }, myAlerts: [] });

    const raised = await k.raise(CITY.houston);
    expect(raised.offer?.advisor.id).toBe(me.id);
    const offered = await k.ok(START, {}, me.token);
    expect(offered.myAlerts).toEqual([expect.objectContaining({ id: raised.id, status: 'OFFERED', offer: { advisor: { id: me.id } } })]);

    await k.ok(Q.claim, { id: raised.id }, me.token);
    const taken = await k.ok(START, {}, me.token);
    expect(taken.myAdvisor.activeAlerts).toBe(1);
    expect(taken.myAlerts).toEqual([expect.objectContaining({ id: raised.id, status: 'ACKNOWLEDGED', assignedAdvisor: { id: me.id }, location: expect.objectContaining({ precise: true }) })]);

    // A second advisor sees none of it.
    const other = await k.addAdvisor('houston', offset(CITY.houston, 40));
    expect((await k.ok(START, {}, other.token)).myAlerts).toEqual([]);

    await k.ok(Q.resolve, { id: raised.id, disposition: 'FALSE_ALARM' }, me.token);
    expect(await k.ok(START, {}, me.token)).toEqual({ myAdvisor: { id: me.id, activeAlerts: 0, capacity: 2 }, myAlerts: [] });
  });

  it('is for advisors only, and an advisor token naming no advisor gets null and nothing', async () => {
    expect(errorCode(await k.call(START, {}, await operatorToken('houston')))).toBe('FORBIDDEN');
    expect(errorCode(await k.call(START, {}, await personToken('p-1')))).toBe('FORBIDDEN');
    expect(errorCode(await k.call(START, {}))).toBe('UNAUTHENTICATED');
    expect(await k.ok(START, {}, await advisorToken('00000000-0000-4000-8000-000000000000'))).toEqual({ myAdvisor: null, myAlerts: [] });
  });

  it('an alert placed by city without GPS keeps its ± 50 km for an advisor who sees it coarse', async () => {
    const near = await k.addAdvisor('phoenix', offset(CITY.phoenix, 2));
    const raised = await k.ok(Q.raise, { input: { location: { ...CITY.phoenix, accuracyM: 50_000 }, idempotencyKey: 'no-gps-1' } }, await personToken('p-nogps'));
    const alert = raised.raiseAlert;
    expect(alert.offer?.advisor.id).toBe(near.id);
    const seen = await k.ok(START, {}, near.token);
    expect(seen.myAlerts[0]).toMatchObject({ id: alert.id, location: { accuracyM: 50_000, precise: false } });
  });
});
