import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TxQueryable } from '../src/db/types.js';
import { lockAlert, settleOffer } from '../src/sql/dispatch.js';
import { offerNext } from '../src/services/offers.js';
import { SYSTEM } from '../src/services/transition.js';
import { ending, inDispatchTx } from '../src/services/dispatchTx.js';
import { backends } from './support/db.js';
import { describePostgres } from './support/postgresOnly.js';
import { operatorToken, serverFixture, testConfig } from './support/server.js';
import { CITY, Q, advisorToken, dispatchKit, errorCode, offset, sleep, types, type Fixture, type TestAdvisor } from './support/dispatch.js';

/**
 * Races: many advisors claiming one alert, a claim against the control room's assignment, and a claim
 * against the offer's expiry. Exactly one taker, clear codes for the others, and never an assigned alert
 * with an open offer. Every alert's row lock serialises these (api/src/sql/dispatch.ts lockAlert).
 */
const OPEN_OFFERS_PER_ALERT = `select alert_id, count(*)::int as n from alert_offers where outcome is null group by alert_id having count(*) > 1`;
const ASSIGNED_WITH_OPEN_OFFER = `select a.id from alerts a join alert_offers o on o.alert_id = a.id and o.outcome is null
  where a.status not in ('RAISED', 'OFFERED')`;
const HALF_SETTLED = `select id from alert_offers where (outcome is null) <> (settled_at is null)
  or outcome not in ('ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN')`;

describe.each(backends())('dispatch races on %s', (backend) => {
  const f = serverFixture(backend, { dispatch: { ...testConfig().dispatch, offerTtlSeconds: 1, sweepIntervalMs: 100 } });
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  /** Offer-table invariants that must hold at every instant, not only at the end. */
  async function assertOfferInvariants() {
    expect(await k.sql(OPEN_OFFERS_PER_ALERT)).toEqual([]);
    expect(await k.sql(ASSIGNED_WITH_OPEN_OFFER)).toEqual([]);
    expect(await k.sql(HALF_SETTLED)).toEqual([]);
  }

  it('50 advisors claim one alert at once: exactly one wins, 49 get ALREADY_CLAIMED, one ACKNOWLEDGED event', async () => {
    // 50 fresh, available advisors of capacity 1, 1-11 km away (inserted in one statement: setup speed only).
    const rows = await k.sql<{ id: string }>(
      `insert into advisors (consulate_id, name, kind, languages, availability, capacity, location, location_at)
       select 'dallas', 'Racer ' || g, 'PALE_LAWYER', '{es}', 'AVAILABLE', 1,
              ST_SetSRID(ST_MakePoint($1::float8, $2::float8 + g * 0.002), 4326)::geography, now()
       from generate_series(1, 50) g returning id`, [CITY.dallas.lon, CITY.dallas.lat + 0.009]);
    const advisors: TestAdvisor[] = await Promise.all(rows.map(async (r) => ({ id: r.id, token: await advisorToken(r.id) })));
    expect(advisors).toHaveLength(50);
    const { id } = await k.raise(CITY.dallas);
    const results = await Promise.all(advisors.map((a) => k.call(Q.claim, { id }, a.token)));
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => errorCode(r) === 'ALREADY_CLAIMED')).toHaveLength(49);
    const winner = advisors[results.findIndex((r) => !r.errors)]!;
    expect(winners[0]!.data!.claimAlert.assignedAdvisor.id).toBe(winner.id);

    const alert = await k.read(id);
    expect(alert).toMatchObject({ status: 'ACKNOWLEDGED', assignedAdvisor: { id: winner.id } });
    expect(alert.events.filter((e) => e.type === 'ACKNOWLEDGED')).toHaveLength(1);
    const load = await k.sql<{ n: number }>(`select sum(active_alerts)::int as n from advisors where id = any($1::uuid[])`, [advisors.map((a) => a.id)]);
    expect(load[0]!.n).toBe(1);
    await assertOfferInvariants();
  });

  it('a claim racing the control room’s assignment: exactly one wins, the other gets ALREADY_CLAIMED', async () => {
    const a = await k.addAdvisor('houston', offset(CITY.houston, 1));
    const b = await k.addAdvisor('houston', offset(CITY.houston, 2));
    const op = await operatorToken('houston');
    const outcomes = { claim: 0, assign: 0 };
    for (let i = 0; i < 8; i++) {
      const { id } = await k.raise(CITY.houston);
      const [claim, assign] = await Promise.all([k.call(Q.claim, { id }, a.token), k.call(Q.assign, { id, advisorId: b.id }, op)]);
      expect([claim, assign].filter((r) => !r.errors)).toHaveLength(1);
      const loser = claim.errors ? claim : assign;
      expect(errorCode(loser)).toBe('ALREADY_CLAIMED');
      outcomes[claim.errors ? 'assign' : 'claim']++;
      const alert = await k.read(id);
      expect(alert.assignedAdvisor!.id).toBe(claim.errors ? b.id : a.id);
      expect(alert.events.filter((e) => e.toStatus === 'ACKNOWLEDGED')).toHaveLength(1);
      await assertOfferInvariants();
      await k.ok(Q.resolve, { id, disposition: 'DUPLICATE' }, op); // frees whoever took it
    }
    expect(outcomes.claim + outcomes.assign).toBe(8);
    expect(await k.activeAlerts(a.id)).toBe(0);
    expect(await k.activeAlerts(b.id)).toBe(0);
  });

  it('a claim racing the offer’s expiry either takes the alert (offer ACCEPTED, no re-offer) or it was passed on first; never both', async () => {
    // Four independent lanes (consulates), each claiming at the deadline ± 150 ms, four times.
    const lanes = ['phoenix', 'miami', 'omaha', 'raleigh'] as const;
    let watching = true;
    const violations: unknown[] = [];
    const watcher = (async () => {
      while (watching) {
        const bad = [...(await k.sql(OPEN_OFFERS_PER_ALERT)), ...(await k.sql(ASSIGNED_WITH_OPEN_OFFER))];
        if (bad.length) violations.push(bad);
        await sleep(20);
      }
    })();
    const tally = { acceptedOwnOffer: 0, claimedAfterReoffer: 0 };
    await Promise.all(lanes.map(async (lane) => {
      const [a, b] = [await k.addAdvisor(lane, offset(CITY[lane], 1)), await k.addAdvisor(lane, offset(CITY[lane], 2))];
      const op = await operatorToken(lane);
      for (let i = 0; i < 4; i++) {
        const raised = await k.raise(CITY[lane]);
        expect(raised.offer!.advisor.id).toBe(a.id);
        await sleep(Math.max(0, new Date(raised.offer!.expiresAt).getTime() - Date.now() - 150 + Math.random() * 300));
        const claim = await k.call(Q.claim, { id: raised.id }, a.token);
        if (claim.errors) {
          // A refusal must be a clear one (none is expected here: an open alert can always be claimed).
          expect(['ALREADY_CLAIMED', 'INVALID_TRANSITION', 'ADVISOR_AT_CAPACITY']).toContain(errorCode(claim));
          continue;
        }
        await sleep(250); // let the sweeper have its go: it must find nothing to do
        const alert = await k.read(raised.id);
        expect(alert).toMatchObject({ status: 'ACKNOWLEDGED', assignedAdvisor: { id: a.id }, offer: null });
        const offers = await k.offers(raised.id);
        const t = types(alert);
        const ack = t.indexOf('ACKNOWLEDGED');
        expect(t.slice(ack + 1)).toEqual([]); // nothing offered after the claim
        if (offers[0]!.outcome === 'ACCEPTED') {
          // The claim won: the offer it took is the only one, never expired.
          expect(offers).toHaveLength(1);
          expect(t).toEqual(['RAISED', 'OFFERED', 'ACKNOWLEDGED']);
          tally.acceptedOwnOffer++;
        } else {
          // The expiry won: a's offer expired and the alert was passed to b; the claim came after and
          // withdrew b's offer (or, on a slow machine, b's offer had expired too and the alert was escalated).
          expect(offers.map((o) => [o.advisor_id, o.outcome])).toEqual([[a.id, 'EXPIRED'], [b.id, expect.stringMatching(/^(WITHDRAWN|EXPIRED)$/)]]);
          const expired = offers.filter((o) => o.outcome === 'EXPIRED').length;
          expect(t).toEqual(expired === 1
            ? ['RAISED', 'OFFERED', 'OFFER_EXPIRED', 'OFFERED', 'ACKNOWLEDGED']
            : ['RAISED', 'OFFERED', 'OFFER_EXPIRED', 'OFFERED', 'OFFER_EXPIRED', 'ESCALATED', 'ACKNOWLEDGED']);
          tally.claimedAfterReoffer++;
        }
        await k.ok(Q.resolve, { id: raised.id, disposition: 'OTHER' }, op);
      }
    }));
    watching = false;
    await watcher;
    expect(violations).toEqual([]);
    await assertOfferInvariants();
    expect(tally.acceptedOwnOffer + tally.claimedAfterReoffer).toBe(16);
  });
});

/**
 * A pg client in a transaction, behind the TxQueryable interface, to hold an alert's lock from outside the
 * server: its "commit" message runs the statements and leaves the transaction open until `commit()`.
 */
async function heldTransaction(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('begin');
  const run = async (s: string, p?: readonly unknown[]) => {
    const r = await client.query(s, p as unknown[]);
    return { rows: r.rows, rowCount: r.rowCount ?? 0 };
  };
  const each = async (statements: readonly string[]) => {
    const out = [];
    for (const s of statements) out.push(await run(s));
    return out;
  };
  const q: TxQueryable = {
    query: run as TxQueryable['query'],
    exec: async (s) => void (await client.query(s)),
    queryAll: (statements) => each(statements.map((s) => (typeof s === 'string' ? s : `execute ${s.execute.name}(${s.args.join(', ')})`))),
    queryAndCommit: each,
  };
  return { q, commit: () => client.query('commit'), end: async () => { await client.query('rollback').catch(() => undefined); await client.end(); } };
}

/** The sweeper's expiry of the alert's current offer, done by hand inside `q`: it passes the alert on. */
async function expireByHand(q: TxQueryable, f: Fixture, id: string) {
  const done = await inDispatchTx(q, async (tx) => {
    const locked = (await lockAlert(tx.q, id))!;
    expect(await settleOffer(tx.q, Number(locked.current_offer_id), 'EXPIRED')).toBe(true);
    tx.record(locked, 'OFFER_EXPIRED', SYSTEM);
    return ending(locked, await offerNext(tx, { dispatch: f.server.config.dispatch }, locked, { handOver: false }));
  });
  return done.value;
}

describePostgres('offers made while a request waits on the lock', 'PGlite has one connection, so no transaction waits on a lock', (backend) => {
  const f = serverFixture(backend);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  it('an advisor offered the alert while their claim waited on its lock claims it as theirs: the offer is ACCEPTED', async () => {
    const a = await k.addAdvisor('denver', offset(CITY.denver, 1));
    const b = await k.addAdvisor('denver', offset(CITY.denver, 2));
    const { id } = await k.raise(CITY.denver);
    const tx = await heldTransaction(f.t.url!);
    try {
      expect((await expireByHand(tx.q, f, id)).offer_advisor_id).toBe(b.id);
      const claim = k.call(Q.claim, { id }, b.token); // waits for the lock
      await sleep(300);
      await tx.commit();
      expect((await claim).errors).toBeUndefined();
    } finally {
      await tx.end();
    }
    expect((await k.offers(id)).map((o) => [o.advisor_id, o.outcome])).toEqual([[a.id, 'EXPIRED'], [b.id, 'ACCEPTED']]);
  });

  it('an advisor offered the alert while their decline waited on its lock may decline it', async () => {
    const a = await k.addAdvisor('boise', offset(CITY.boise, 1));
    const b = await k.addAdvisor('boise', offset(CITY.boise, 2));
    const { id } = await k.raise(CITY.boise);
    const tx = await heldTransaction(f.t.url!);
    try {
      expect((await expireByHand(tx.q, f, id)).offer_advisor_id).toBe(b.id);
      const decline = k.call(Q.decline, { id }, b.token);
      await sleep(300);
      await tx.commit();
      expect((await decline).errors).toBeUndefined();
    } finally {
      await tx.end();
    }
    expect((await k.offers(id)).map((o) => [o.advisor_id, o.outcome])).toEqual([[a.id, 'EXPIRED'], [b.id, 'DECLINED']]);
    expect(types(await k.read(id))).toEqual(['RAISED', 'OFFERED', 'OFFER_EXPIRED', 'OFFERED', 'OFFER_DECLINED', 'ESCALATED']);
  });
});
