import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPg } from '../src/db/pg.js';
import { backends } from './support/db.js';
import { describePostgres } from './support/postgresOnly.js';
import { eventually, gql, personToken, serverFixture, startTestServer, testConfig } from './support/server.js';
import { CITY, Q, dispatchKit, offset, sleep, types } from './support/dispatch.js';

/**
 * Offers expire: the sweeper passes an untaken alert to the next candidate and escalates it after
 * `maxOffers`. Expiry deadlines live in the database, so they survive a restart and are handled exactly
 * once however many API processes sweep. Short TTLs (the override bypasses the 5 s floor of env parsing).
 */
describe.each(backends())('offer expiry on %s', (backend) => {
  const f = serverFixture(backend, { dispatch: { ...testConfig().dispatch, offerTtlSeconds: 1, sweepIntervalMs: 100 } });
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  it('an offer nobody takes expires (OFFER_EXPIRED) and passes to the next candidate; after maxOffers (3) the SYSTEM escalates it', async () => {
    const A = await k.addAdvisor('chicago', offset(CITY.chicago, 1));
    const B = await k.addAdvisor('chicago', offset(CITY.chicago, 2));
    const C = await k.addAdvisor('chicago', offset(CITY.chicago, 3));
    const D = await k.addAdvisor('chicago', offset(CITY.chicago, 4));
    const raised = await k.raise(CITY.chicago);
    expect(raised.offer!.advisor.id).toBe(A.id);
    expect(new Date(raised.offer!.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(1000);

    await eventually(async () => expect((await k.read(raised.id)).offer?.advisor.id).toBe(B.id), 5_000);
    await eventually(async () => expect((await k.read(raised.id)).status).toBe('ESCALATED'), 8_000);

    const alert = await k.read(raised.id);
    expect(alert).toMatchObject({ offerCount: 3, offer: null, assignedAdvisor: null });
    expect(alert.events.map((e) => [e.type, e.fromStatus, e.toStatus, e.actorRole])).toEqual([
      ['RAISED', null, 'RAISED', 'PERSON'],
      ['OFFERED', 'RAISED', 'OFFERED', 'SYSTEM'],
      ['OFFER_EXPIRED', 'OFFERED', 'OFFERED', 'SYSTEM'],
      ['OFFERED', 'OFFERED', 'OFFERED', 'SYSTEM'],
      ['OFFER_EXPIRED', 'OFFERED', 'OFFERED', 'SYSTEM'],
      ['OFFERED', 'OFFERED', 'OFFERED', 'SYSTEM'],
      ['OFFER_EXPIRED', 'OFFERED', 'OFFERED', 'SYSTEM'],
      ['ESCALATED', 'OFFERED', 'ESCALATED', 'SYSTEM'],
    ]);
    expect(alert.events.at(-1)!.note).toBe('not taken after 3 offers');
    // Offered nearest first, each exactly once; the fourth candidate never got it.
    const offers = await k.sql<{ advisor_id: string; outcome: string; held_s: number }>(
      `select advisor_id, outcome, extract(epoch from settled_at - offered_at)::float8 as held_s
       from alert_offers where alert_id = $1::uuid order by id`, [raised.id]);
    expect(offers.map((o) => [o.advisor_id, o.outcome])).toEqual([[A.id, 'EXPIRED'], [B.id, 'EXPIRED'], [C.id, 'EXPIRED']]);
    expect(offers.map((o) => o.advisor_id)).not.toContain(D.id);
    // Never expired early: each offer was held for its whole TTL.
    for (const o of offers) expect(o.held_s).toBeGreaterThanOrEqual(0.99);
    // The escalation stamps the clock, and the alert waits for the control room.
    expect((await k.sql('select escalated_at from alerts where id = $1::uuid', [raised.id]))[0].escalated_at).not.toBeNull();
    await sleep(300);
    expect(types(await k.read(raised.id))).toHaveLength(8);
  });

  it('with no candidate at all the alert is ESCALATED at raise by SYSTEM', async () => {
    const raised = await k.raise(CITY.denver);
    expect(raised).toMatchObject({ status: 'ESCALATED', offer: null, offerCount: 0, consulate: { id: 'denver' } });
    // As the control room reads it: the phone is not shown notes.
    expect((await k.read(raised.id)).events).toEqual([
      { type: 'RAISED', fromStatus: null, toStatus: 'RAISED', actorRole: 'PERSON', note: 'CONTAINED' },
      { type: 'ESCALATED', fromStatus: 'RAISED', toStatus: 'ESCALATED', actorRole: 'SYSTEM', note: 'no available advisor nearby' },
    ]);
    expect(raised.clocks.toOfferS).toBeNull();
    expect(await k.offers(raised.id)).toEqual([]);
  });

  it('when the candidates run out before maxOffers, the expiry escalates at once', async () => {
    const a = await k.addAdvisor('atlanta', offset(CITY.atlanta, 3));
    const raised = await k.raise(CITY.atlanta);
    expect(raised.offer!.advisor.id).toBe(a.id);
    await eventually(async () => expect((await k.read(raised.id)).status).toBe('ESCALATED'), 5_000);
    const alert = await k.read(raised.id);
    expect(types(alert)).toEqual(['RAISED', 'OFFERED', 'OFFER_EXPIRED', 'ESCALATED']);
    expect(alert.events.at(-1)).toMatchObject({ actorRole: 'SYSTEM', note: 'no available advisor nearby' });
    expect(alert.offerCount).toBe(1);
  });
});

describe.each(backends())('offer timers are durable across a restart on %s', (backend) => {
  const f = serverFixture(backend); // default 60 s offers: nothing can expire before the shutdown
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  it('an offer made before a shutdown expires after the restart and is passed on', async () => {
    const a = await k.addAdvisor('boston', offset(CITY.boston, 1));
    const b = await k.addAdvisor('boston', offset(CITY.boston, 2));
    const raised = await k.raise(CITY.boston);
    expect(raised.offer!.advisor.id).toBe(a.id);
    await f.server.close(); // nothing runs on this database now
    // The deadline comes while no process runs (brought forward to keep the test short).
    await k.sql(`update alert_offers set expires_at = now() + interval '1 second' where alert_id = $1::uuid`, [raised.id]);
    await sleep(1500);
    // Past the deadline with no process: untouched, the deadline is only data.
    expect((await k.offers(raised.id)).map((o) => o.outcome)).toEqual([null]);

    f.server = await startTestServer(f.t.db, { dispatch: { ...testConfig().dispatch, sweepIntervalMs: 100 } }); // a fresh process
    await eventually(async () => expect((await k.read(raised.id)).offer?.advisor.id).toBe(b.id), 10_000);
    const alert = await k.read(raised.id);
    expect(types(alert)).toEqual(['RAISED', 'OFFERED', 'OFFER_EXPIRED', 'OFFERED']);
    expect((await k.offers(raised.id)).map((o) => [o.advisor_id, o.outcome])).toEqual([[a.id, 'EXPIRED'], [b.id, null]]);
  });
});

describePostgres('offer timers with two API processes', 'two processes need two connections to one database', (backend) => {
  const config = { dispatch: { ...testConfig().dispatch, offerTtlSeconds: 1, sweepIntervalMs: 50 } };
  const f = serverFixture(backend, config);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  it('two API processes sweeping one database handle each expiry exactly once', async () => {
    const db2 = openPg({ connectionString: f.t.url! });
    const second = await startTestServer(db2, config);
    try {
      for (const km of [1, 2, 3]) await k.addAdvisor('seattle', offset(CITY.seattle, km));
      const ids: string[] = [];
      // Alerts raised through both processes; both sweepers race for every deadline.
      for (let i = 0; i < 10; i++) {
        const via = i % 2 ? second.url : f.server.url;
        const r = await gql(via, Q.raise, { input: { location: offset(CITY.seattle, i * 0.1), idempotencyKey: `two-${i}` } }, await personToken(randomUUID()));
        ids.push(r.data!.raiseAlert.id);
      }
      await eventually(async () => {
        const open = await k.sql(`select count(*)::int as n from alerts where id = any($1::uuid[]) and status <> 'ESCALATED'`, [ids]);
        expect(open[0].n).toBe(0);
      }, 20_000);

      const perAlert = await k.sql<{ alert_id: string; expired_events: number; offered_events: number; expired_offers: number; offers: number }>(
        `select a.id as alert_id,
           (select count(*)::int from alert_events e where e.alert_id = a.id and e.type = 'OFFER_EXPIRED') as expired_events,
           (select count(*)::int from alert_events e where e.alert_id = a.id and e.type = 'OFFERED') as offered_events,
           (select count(*)::int from alert_offers o where o.alert_id = a.id and o.outcome = 'EXPIRED') as expired_offers,
           (select count(*)::int from alert_offers o where o.alert_id = a.id) as offers
         from alerts a where a.id = any($1::uuid[])`, [ids]);
      expect(perAlert).toHaveLength(10);
      for (const r of perAlert) expect(r, r.alert_id).toMatchObject({ expired_events: 3, offered_events: 3, expired_offers: 3, offers: 3 });
      // One ESCALATED per alert, by SYSTEM.
      const esc = await k.sql(`select count(*)::int as n from alert_events where alert_id = any($1::uuid[]) and type = 'ESCALATED' and actor_role = 'SYSTEM'`, [ids]);
      expect(esc[0].n).toBe(10);
    } finally {
      await second.close();
      await db2.close();
    }
  });
});
