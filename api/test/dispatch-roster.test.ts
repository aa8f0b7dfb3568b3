import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { operatorToken, serverFixture, supervisorToken } from './support/server.js';
import { CITY, Q, TEST_PIN, advisorToken, dispatchKit, offset, types } from './support/dispatch.js';

/** The roster (control room) and advisor self-service, and the SLA stats over what the tests did. */
const UPDATE = `mutation($id: ID!, $input: UpdateAdvisorInput!) { updateAdvisor(id: $id, input: $input) { id name kind languages capacity consulate { id } } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateAdvisor(id: $id) { id active availability } }`;
const STATS = `query($c: ID, $h: Int) { dispatchStats(consulateId: $c, windowHours: $h) { consulateId windowHours
  countsByStatus { status count } clocks { clock count medianS p90S } } }`;

describe.each(backends())('roster and stats on %s', (backend) => {
  const f = serverFixture(backend);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());
  const countAdvisors = async () => (await k.sql<{ n: number }>('select count(*)::int as n from advisors'))[0]!.n;

  it('an operator creates advisors for their own consulate only, with valid languages and a capacity of 1-20', async () => {
    const op = await operatorToken('chicago');
    const { createAdvisor } = await k.ok(Q.createAdvisor, { input: { consulateId: 'chicago', name: '  Ana Ruiz ', kind: 'PALE_LAWYER' } }, op);
    expect(createAdvisor).toMatchObject({ name: 'Ana Ruiz', kind: 'PALE_LAWYER', languages: ['es'], capacity: 1, activeAlerts: 0, availability: 'OFF_DUTY', active: true, consulate: { id: 'chicago' } });
    const before = await countAdvisors();
    const refuse = async (input: Record<string, unknown>, code: string, tok = op) =>
      expect(await k.fails(Q.createAdvisor, { input: { consulateId: 'chicago', name: 'X', kind: 'CONSULAR_STAFF', ...input } }, tok)).toBe(code);
    await refuse({ consulateId: 'denver' }, 'FORBIDDEN');
    await refuse({ languages: ['es', 'klingon'] }, 'BAD_USER_INPUT');
    await refuse({ languages: [] }, 'BAD_USER_INPUT');
    await refuse({ capacity: 0 }, 'BAD_USER_INPUT');
    await refuse({ capacity: 21 }, 'BAD_USER_INPUT');
    await refuse({ name: '   ' }, 'BAD_USER_INPUT');
    await refuse({ consulateId: 'atlantis' }, 'BAD_USER_INPUT', await supervisorToken());
    expect(await k.fails(Q.createAdvisor, { input: { consulateId: 'chicago', name: 'X', kind: 'PALE_LAWYER' } }, await advisorToken(createAdvisor.id))).toBe('FORBIDDEN');
    expect(await countAdvisors()).toBe(before);
    // A supervisor creates anywhere, with languages de-duplicated.
    const sup = await k.ok(Q.createAdvisor, { input: { consulateId: 'denver', name: 'Luis', kind: 'CONSULAR_STAFF', languages: ['es', 'mix', 'es'], capacity: 3 } }, await supervisorToken());
    expect(sup.createAdvisor).toMatchObject({ languages: ['es', 'mix'], capacity: 3, consulate: { id: 'denver' } });
  });

  it('updateAdvisor changes name, languages and capacity; only a supervisor moves an advisor to another consulate', async () => {
    const op = await operatorToken('atlanta');
    const a = await k.addAdvisor('atlanta', CITY.atlanta);
    const { updateAdvisor } = await k.ok(UPDATE, { id: a.id, input: { name: 'Carmen Flores', languages: ['es', 'zap'], capacity: 4 } }, op);
    expect(updateAdvisor).toMatchObject({ name: 'Carmen Flores', languages: ['es', 'zap'], capacity: 4, kind: 'PROTECTION_OFFICER', consulate: { id: 'atlanta' } });
    expect(await k.fails(UPDATE, { id: a.id, input: { capacity: 0 } }, op)).toBe('BAD_USER_INPUT');
    expect(await k.fails(UPDATE, { id: a.id, input: { languages: ['xx'] } }, op)).toBe('BAD_USER_INPUT');
    expect(await k.fails(UPDATE, { id: a.id, input: { consulateId: 'boston' } }, op)).toBe('FORBIDDEN');
    expect(await k.fails(UPDATE, { id: a.id, input: { name: 'Y' } }, await operatorToken('boston'))).toBe('NOT_FOUND');
    const moved = await k.ok(UPDATE, { id: a.id, input: { consulateId: 'boston' } }, await supervisorToken());
    expect(moved.updateAdvisor).toMatchObject({ name: 'Carmen Flores', consulate: { id: 'boston' } });
    expect(await k.fails(UPDATE, { id: a.id, input: { name: 'Z' } }, op)).toBe('NOT_FOUND'); // no longer atlanta's
  });

  it('a deactivated advisor is FORBIDDEN to report or claim and is never offered an alert', async () => {
    const op = await operatorToken('seattle');
    const a = await k.addAdvisor('seattle', offset(CITY.seattle, 1));
    const offered = await k.raise(CITY.seattle);
    expect(offered.offer!.advisor.id).toBe(a.id);

    expect(await k.fails(DEACTIVATE, { id: a.id }, await operatorToken('miami'))).toBe('NOT_FOUND');
    const { deactivateAdvisor } = await k.ok(DEACTIVATE, { id: a.id }, op);
    expect(deactivateAdvisor).toEqual({ id: a.id, active: false, availability: 'OFF_DUTY' });
    expect(await k.fails(Q.reportLocation, { location: CITY.seattle }, a.token)).toBe('FORBIDDEN');
    expect(await k.fails(Q.setAvailability, { a: 'AVAILABLE' }, a.token)).toBe('FORBIDDEN');
    // The offer they held was withdrawn at the deactivation, and a claim is FORBIDDEN all the same.
    expect(types(await k.read(offered.id))).toContain('OFFER_WITHDRAWN');
    expect(await k.fails(Q.claim, { id: offered.id }, a.token)).toBe('FORBIDDEN');
    expect(await k.fails(Q.assign, { id: offered.id, advisorId: a.id }, op)).toBe('NOT_FOUND');

    // Even marked AVAILABLE with a fresh position (as a stale client might leave it), they are not a candidate.
    await k.sql(`update advisors set availability = 'AVAILABLE', location_at = now() where id = $1::uuid`, [a.id]);
    const next = await k.raise(offset(CITY.seattle, 0.5));
    expect(next).toMatchObject({ status: 'ESCALATED', offerCount: 0 });
    expect(types(next)).toEqual(['RAISED', 'ESCALATED']);
  });

  it('advisors(consulateId) is scoped: an operator sees their consulate only, a supervisor any or all', async () => {
    const a = await k.addAdvisor('phoenix', offset(CITY.phoenix, 2));
    const op = await operatorToken('phoenix');
    const own = (await k.ok(Q.roster, {}, op)).advisors as Array<{ id: string; consulate: { id: string }; location: unknown }>;
    expect(own.length).toBeGreaterThanOrEqual(9); // 8 seeded + ours
    expect(new Set(own.map((x) => x.consulate.id))).toEqual(new Set(['phoenix']));
    const mine = own.find((x) => x.id === a.id)!;
    expect(mine.location).toMatchObject(offset(CITY.phoenix, 2));
    expect((await k.ok(Q.roster, { c: 'phoenix' }, op)).advisors).toHaveLength(own.length);
    expect(await k.fails(Q.roster, { c: 'denver' }, op)).toBe('FORBIDDEN');

    const sup = await supervisorToken();
    const all = (await k.ok(Q.roster, {}, sup)).advisors as Array<{ consulate: { id: string } }>;
    expect(all.length).toBe(await countAdvisors());
    expect(new Set(all.map((x) => x.consulate.id)).size).toBe(53);
    expect((await k.ok(Q.roster, { c: 'phoenix' }, sup)).advisors).toHaveLength(own.length);
    expect(await k.fails(Q.roster, { c: 'atlantis' }, sup)).toBe('BAD_USER_INPUT');
    expect(await k.fails(Q.roster, {}, a.token)).toBe('FORBIDDEN');
  });

  it('reportAdvisorLocation ignores a fix older than the stored one and refuses one from the future', async () => {
    const a = await k.addAdvisor('boise', CITY.boise);
    const t1 = new Date(Date.now() - 5_000);
    const first = (await k.ok(Q.reportLocation, { location: offset(CITY.boise, 5), recordedAt: t1.toISOString() }, a.token)).reportAdvisorLocation;
    // addAdvisor reported "now": t1 is older, so even this one is ignored.
    expect(first.location).toMatchObject(CITY.boise);
    const now = new Date();
    await k.ok(Q.reportLocation, { location: offset(CITY.boise, 2), recordedAt: now.toISOString() }, a.token);
    const late = (await k.ok(Q.reportLocation, { location: offset(CITY.boise, 9), recordedAt: new Date(now.getTime() - 60_000).toISOString() }, a.token)).reportAdvisorLocation;
    expect(late.location).toMatchObject(offset(CITY.boise, 2));
    expect(new Date(late.locationAt).getTime()).toBe(now.getTime());
    const future = await k.call(Q.reportLocation, { location: CITY.boise, recordedAt: new Date(Date.now() + 3_600_000).toISOString() }, a.token);
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recordedAt' });
    expect(await k.fails(Q.reportLocation, { location: { lat: 0, lon: 0 } }, a.token)).toBe('BAD_USER_INPUT');
  });

  it('dispatchStats counts alerts by status and gives median and p90 of each clock that was reached', async () => {
    const op = await operatorToken('indianapolis');
    const a = await k.addAdvisor('indianapolis', offset(CITY.indianapolis, 1), { capacity: 5 });
    const at = (km: number) => offset(CITY.indianapolis, km);
    const resolved = await k.raise(at(0.1));
    await k.ok(Q.claim, { id: resolved.id }, a.token);
    await k.ok(Q.progress, { id: resolved.id, status: 'ON_SCENE' }, a.token);
    await k.ok(Q.resolve, { id: resolved.id, disposition: 'RELEASED_ON_SITE' }, a.token);
    const acknowledged = await k.raise(at(0.2));
    await k.ok(Q.claim, { id: acknowledged.id }, a.token);
    const cancelled = await k.raise(at(0.3), await k.personWithPins());
    await k.ok(Q.cancel, { id: cancelled.id, pin: TEST_PIN }, cancelled.personToken);
    const escalated = await k.raise(at(0.4));
    await k.ok(Q.escalate, { id: escalated.id }, op);
    await k.raise(at(0.5)); // stays OFFERED
    const old = await k.raise(at(0.6));
    await k.sql(`update alerts set created_at = now() - interval '30 hours' where id = $1::uuid`, [old.id]);

    const { dispatchStats: s } = await k.ok(STATS, { c: 'indianapolis' }, op);
    expect(s).toMatchObject({ consulateId: 'indianapolis', windowHours: 24 });
    expect(s.countsByStatus).toEqual([
      { status: 'ACKNOWLEDGED', count: 1 }, { status: 'CANCELLED', count: 1 }, { status: 'ESCALATED', count: 1 },
      { status: 'OFFERED', count: 1 }, { status: 'RESOLVED', count: 1 },
    ]);
    const clocks = Object.fromEntries(s.clocks.map((c: any) => [c.clock, c]));
    expect(Object.keys(clocks)).toEqual(['toOffer', 'toAcknowledge', 'toOnScene', 'toResolve']);
    expect([clocks.toOffer.count, clocks.toAcknowledge.count, clocks.toOnScene.count, clocks.toResolve.count]).toEqual([5, 2, 1, 1]);
    for (const c of Object.values(clocks) as Array<{ medianS: number; p90S: number }>) {
      expect(c.medianS).not.toBeNull();
      expect(c.medianS).toBeGreaterThanOrEqual(0);
      expect(c.p90S).toBeGreaterThanOrEqual(c.medianS);
    }
    // A wider window takes in the old alert (offered at its raise).
    const wide = (await k.ok(STATS, { c: 'indianapolis', h: 48 }, op)).dispatchStats;
    expect(wide.countsByStatus.find((x: any) => x.status === 'OFFERED').count).toBe(2);
    // Scope: an operator sees only their own consulate; a supervisor all.
    expect(await k.fails(STATS, { c: 'denver' }, op)).toBe('FORBIDDEN');
    expect(await k.fails(STATS, { c: 'indianapolis', h: 0 }, op)).toBe('BAD_USER_INPUT');
    const everywhere = (await k.ok(STATS, {}, await supervisorToken())).dispatchStats;
    const total = (await k.sql<{ n: number }>(`select count(*)::int as n from alerts where created_at > now() - interval '24 hours'`))[0]!.n;
    expect(everywhere.consulateId).toBeNull();
    expect(everywhere.countsByStatus.reduce((n: number, x: any) => n + x.count, 0)).toBe(total);
    // A consulate with no alerts: zero counts, null numbers.
    const empty = (await k.ok(STATS, { c: 'omaha' }, await supervisorToken())).dispatchStats;
    expect(empty.countsByStatus).toEqual([]);
    expect(empty.clocks.every((c: any) => c.count === 0 && c.medianS === null && c.p90S === null)).toBe(true);
  });
});
