import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { operatorToken, serverFixture } from './support/server.js';
import { CITY, Q, dispatchKit, offset, types, type Pt } from './support/dispatch.js';

/**
 * Whom an alert is offered to (api/src/domain/ranking.ts over api/src/sql/candidates.ts): the responsible
 * consulate first, then nearest by effective distance (+10 km for not speaking the person's language),
 * fresh positions only; declines pass it on at once. Seeded advisors are off duty; each test places its own.
 */
describe.each(backends())('offer ranking on %s', (backend) => {
  const f = serverFixture(backend);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  const registered = async (preferredLanguage: string) =>
    (await k.ok(Q.register, { input: { preferredLanguage, cancelPin: '1234', duressPin: '9999' } }, undefined as never)).registerPerson.token as string;

  /** Many Spanish-only advisors of `consulateId` around `at`, straight in the table (setup speed only). */
  const crowd = (consulateId: string, at: Pt, n: number) =>
    k.sql(
      `insert into advisors (consulate_id, name, kind, languages, availability, location, location_at)
       select $1, 'Crowd ' || g, 'PALE_LAWYER', '{es}', 'AVAILABLE',
              ST_SetSRID(ST_MakePoint($2::float8 + g * 0.0002, $3::float8), 4326)::geography, now()
       from generate_series(1, $4::int) g`,
      [consulateId, at.lon, at.lat, n],
    );

  it("the responsible consulate's advisor is offered first even when another consulate's advisor is nearer", async () => {
    const home = await k.addAdvisor('losangeles', offset(CITY.losangeles, 20));
    const neighbour = await k.addAdvisor('santaana', offset(CITY.losangeles, 1)); // within the 30 km neighbour radius
    const farNeighbour = await k.addAdvisor('santaana', offset(CITY.losangeles, -45)); // beyond it
    const raised = await k.raise(CITY.losangeles);
    expect(raised.consulate.id).toBe('losangeles');
    expect(raised.offer!.advisor).toEqual({ id: home.id, consulate: { id: 'losangeles' } });
    // Declined by the home advisor, it passes to the nearby neighbour, never to the far one.
    await k.ok(Q.decline, { id: raised.id }, home.token);
    expect((await k.read(raised.id)).offer!.advisor).toEqual({ id: neighbour.id, consulate: { id: 'santaana' } });
    await k.ok(Q.decline, { id: raised.id }, neighbour.token);
    const after = await k.read(raised.id);
    expect(after.status).toBe('ESCALATED');
    expect((await k.offers(raised.id)).map((o) => o.advisor_id)).not.toContain(farNeighbour.id);
  });

  it('a Mixteco-speaking advisor 8 km away is offered before a Spanish-only one 3 km away, to a person who prefers mix', async () => {
    const spanish = await k.addAdvisor('chicago', offset(CITY.chicago, 3));
    const mixteco = await k.addAdvisor('chicago', offset(CITY.chicago, 8), { languages: ['es', 'mix'] });
    const raised = await k.raise(CITY.chicago, await registered('mix'));
    expect(raised.personLanguage).toBe('mix');
    expect(raised.offer!.advisor.id).toBe(mixteco.id);
    expect(raised.offer!.distanceKm).toBeCloseTo(8, 0);
    await k.ok(Q.decline, { id: raised.id }, mixteco.token);
    expect((await k.read(raised.id)).offer!.advisor.id).toBe(spanish.id);
    // Somebody without a language preference simply gets the nearest.
    const anonymous = await k.raise(offset(CITY.chicago, 0.1));
    expect(anonymous.personLanguage).toBeNull();
    expect(anonymous.offer!.advisor.id).toBe(spanish.id);
  });

  it('but a Spanish-only advisor 30 km closer wins (the penalty is 10 km)', async () => {
    const mixteco = await k.addAdvisor('denver', offset(CITY.denver, 33), { languages: ['mix'] });
    const spanish = await k.addAdvisor('denver', offset(CITY.denver, 3));
    const raised = await k.raise(CITY.denver, await registered('mix'));
    expect(raised.offer!.advisor.id).toBe(spanish.id);
    await k.ok(Q.decline, { id: raised.id }, spanish.token);
    expect((await k.read(raised.id)).offer!.advisor.id).toBe(mixteco.id);
  });

  it('the Mixteco speaker is still found behind 25 nearer Spanish-only advisors (ranking sees every candidate)', async () => {
    await crowd('atlanta', offset(CITY.atlanta, 3), 25);
    const mixteco = await k.addAdvisor('atlanta', offset(CITY.atlanta, 8), { languages: ['es', 'mix'] });
    const raised = await k.raise(CITY.atlanta, await registered('mix'));
    expect(raised.offer!.advisor.id).toBe(mixteco.id);
  });

  it("the home consulate's advisor is still found behind 25 nearer advisors of a neighbouring consulate", async () => {
    await k.offDuty('losangeles', 'santaana'); // forget the first test's advisors
    await crowd('santaana', offset(CITY.losangeles, 2), 25);
    const home = await k.addAdvisor('losangeles', offset(CITY.losangeles, 25));
    const raised = await k.raise(CITY.losangeles);
    expect(raised.offer!.advisor.id).toBe(home.id);
  });

  it('an advisor whose last position is older than locationMaxAgeSeconds is not offered the alert', async () => {
    const stale = await k.addAdvisor('phoenix', offset(CITY.phoenix, 1));
    const fresh = await k.addAdvisor('phoenix', offset(CITY.phoenix, 5));
    await k.sql(`update advisors set location_at = now() - interval '1 hour' where id = $1::uuid`, [stale.id]);
    const raised = await k.raise(CITY.phoenix);
    expect(raised.offer!.advisor.id).toBe(fresh.id);
    await k.ok(Q.decline, { id: raised.id }, fresh.token);
    expect((await k.read(raised.id)).status).toBe('ESCALATED');
    expect((await k.offers(raised.id)).map((o) => o.advisor_id)).toEqual([fresh.id]);
    // A fresh report makes them a candidate again.
    await k.ok(Q.reportLocation, { location: offset(CITY.phoenix, 1) }, stale.token);
    expect((await k.raise(CITY.phoenix)).offer!.advisor.id).toBe(stale.id);
  });

  it('an advisor behind 70 nearer advisors with stale positions is still offered the alert', async () => {
    await crowd('saltlakecity', offset(CITY.saltlakecity, 1), 70);
    await k.sql(`update advisors set location_at = now() - interval '1 hour' where name like 'Crowd %' and consulate_id = 'saltlakecity'`);
    const fresh = await k.addAdvisor('saltlakecity', offset(CITY.saltlakecity, 6));
    expect((await k.raise(CITY.saltlakecity)).offer?.advisor.id).toBe(fresh.id);
  });

  it("an advisor of another consulate may not claim an alert they were not offered, however near; one of its consulate may, wherever they are", async () => {
    const raised = await k.raise(CITY.dallas); // nobody on duty: escalated, open to claims
    expect(raised.status).toBe('ESCALATED');
    const near = await k.addAdvisor('houston', offset(CITY.dallas, 10));
    const stale = await k.addAdvisor('houston', offset(CITY.dallas, 5));
    await k.sql(`update advisors set location_at = now() - interval '1 hour' where id = $1::uuid`, [stale.id]);
    const home = await k.addAdvisor('dallas', offset(CITY.dallas, 80));
    expect(await k.fails(Q.claim, { id: raised.id }, near.token)).toBe('NOT_FOUND');
    expect(await k.fails(Q.claim, { id: raised.id }, stale.token)).toBe('NOT_FOUND');
    const { claimAlert } = await k.ok(Q.claim, { id: raised.id }, home.token);
    expect(claimAlert).toMatchObject({ status: 'ACKNOWLEDGED', assignedAdvisor: { id: home.id } });
  });

  it('declineOffer passes the alert to the next candidate at once; declining the last one escalates', async () => {
    const a = await k.addAdvisor('boston', offset(CITY.boston, 1));
    const b = await k.addAdvisor('boston', offset(CITY.boston, 2));
    const raised = await k.raise(CITY.boston);
    expect(raised.offer!.advisor.id).toBe(a.id);
    // b was not offered it: nothing to decline.
    expect(await k.fails(Q.decline, { id: raised.id }, b.token)).toBe('NOT_FOUND');
    const declined = await k.ok(Q.decline, { id: raised.id }, a.token);
    expect(declined.declineOffer).toBeNull(); // a no longer holds it, so a no longer sees it
    const alert = await k.read(raised.id, await operatorToken('boston'));
    expect(alert).toMatchObject({ status: 'OFFERED', offerCount: 2, offer: { advisor: { id: b.id } } });
    expect(new Date(alert.offer!.expiresAt).getTime()).toBeGreaterThan(Date.now() + 50_000); // a full new TTL for b
    expect(alert.events.slice(-2)).toEqual([
      { type: 'OFFER_DECLINED', fromStatus: 'OFFERED', toStatus: 'OFFERED', actorRole: 'ADVISOR', note: null },
      { type: 'OFFERED', fromStatus: 'OFFERED', toStatus: 'OFFERED', actorRole: 'SYSTEM', note: null },
    ]);
    expect((await k.offers(raised.id)).map((o) => [o.advisor_id, o.outcome])).toEqual([[a.id, 'DECLINED'], [b.id, null]]);
    // Declining again (a retry after a lost answer) is the same success and writes nothing.
    expect((await k.ok(Q.decline, { id: raised.id }, a.token)).declineOffer).toBeNull();
    expect((await k.offers(raised.id)).map((o) => [o.advisor_id, o.outcome])).toEqual([[a.id, 'DECLINED'], [b.id, null]]);

    await k.ok(Q.decline, { id: raised.id }, b.token);
    const last = await k.read(raised.id);
    expect(types(last).slice(-2)).toEqual(['OFFER_DECLINED', 'ESCALATED']);
    expect(last.events.at(-1)).toMatchObject({ actorRole: 'SYSTEM', note: 'no available advisor nearby' });
  });
});
