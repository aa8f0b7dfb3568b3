import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, insertBareAlert, type TestDb } from './support/db.js';
import { createOfferStatement, lockAlert } from '../src/sql/dispatch.js';
import { alertByIdStatement, raiseContext } from '../src/sql/alerts.js';
import { SYSTEM } from '../src/services/transition.js';
import { dispatchTx, ending } from '../src/services/dispatchTx.js';
import type { AlertRow } from '../src/sql/rows.js';

/**
 * The offer of a dispatch transaction travels with the message that commits it (`Ending.writes`, what the
 * body returns, so nothing of the body can run after it): the read at commit sees it, it commits with the
 * events or not at all, and its values are literals that cannot escape their quotes.
 */
describe.each(backends())('writes deferred to the commit (%s)', (backend) => {
  let t: TestDb;
  let alertId: string;
  let advisorId: string;
  const counts = async () => (await t.db.query<{ offers: number; events: number }>(
    `select (select count(*)::int from alert_offers where alert_id = $1::uuid) as offers,
            (select count(*)::int from alert_events where alert_id = $1::uuid) as events`, [alertId])).rows[0]!;

  beforeAll(async () => {
    t = await cloneTestDb(backend);
    alertId = await insertBareAlert(t.db, 'p-deferred');
    advisorId = (await t.db.query<{ id: string }>(`select id from advisors where consulate_id = 'losangeles' limit 1`)).rows[0]!.id;
  });
  afterAll(() => t.dispose());

  it('an offer deferred to the commit is seen by the read at commit and committed with its event', async () => {
    const answer = await dispatchTx(t.db, async (tx) => {
      const a = (await lockAlert(tx.q, alertId))!;
      tx.record(a, 'OFFERED', SYSTEM, { fromStatus: 'RAISED', toStatus: 'OFFERED' });
      return ending(null, [createOfferStatement(alertId, advisorId, 123.5, 600)], alertByIdStatement(alertId));
    });
    const row = answer.rows![0] as unknown as AlertRow;
    expect(row).toMatchObject({ status: 'OFFERED', offer_count: 1, offer_distance_m: 123.5 });
    expect((row.offer_advisor as { id: string }).id).toBe(advisorId);
    expect(answer.events.map((e) => e.type)).toEqual(['OFFERED']);
    expect(await counts()).toEqual({ offers: 1, events: 1 });
  });

  it('a deferred write that fails takes the whole transaction with it: no event, no change', async () => {
    const before = await counts();
    const missingAdvisor = '00000000-0000-4000-8000-00000000dead';
    await expect(dispatchTx(t.db, async (tx) => {
      const a = (await lockAlert(tx.q, alertId))!;
      await tx.q.query(`update alerts set note = 'must not stay' where id = $1::uuid`, [alertId]);
      tx.record(a, 'OFFERED', SYSTEM);
      return ending(null, [createOfferStatement(alertId, missingAdvisor, 1, 600)]);
    })).rejects.toThrow(/foreign key|violates/);
    expect(await counts()).toEqual(before);
    const note = (await t.db.query<{ note: string | null }>('select note from alerts where id = $1::uuid', [alertId])).rows[0]!.note;
    expect(note).not.toBe('must not stay');
  });

  it('the statement is all literals: ids cannot leave their quotes, numbers must be finite', async () => {
    const before = await counts();
    const hostile = `${alertId}'::uuid); drop table alerts; --`;
    await expect(dispatchTx(t.db, async (tx) => {
      const a = (await lockAlert(tx.q, alertId))!;
      tx.record(a, 'LOCATION_UPDATED', SYSTEM);
      return ending(null, [createOfferStatement(hostile, advisorId, 1, 600)]);
    })).rejects.toThrow(/uuid/);
    expect(await counts()).toEqual(before);
    expect(() => createOfferStatement(alertId, advisorId, Number.NaN, 600)).toThrow(/finite/);
    expect(() => createOfferStatement(alertId, advisorId, 1, Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });

  it("a raise's first read is all literals too (it goes with BEGIN): a key or person id cannot leave its quotes", async () => {
    const person = `p-'quoted' \\ back\\slash`;
    const key = `k' or true or person_id = 'x' --\\`;
    const id = (await t.db.query<{ id: string }>(
      `insert into alerts (person_id, idempotency_key, request_hash, status, kind, location, consulate_id, match_method, match_distance_m)
       values ($1, $2, 'h', 'RAISED', 'DETENTION', ST_SetSRID(ST_MakePoint(-118.25, 34.05), 4326)::geography, 'losangeles', 'CONTAINED', 0)
       returning id`, [person, key])).rows[0]!.id;
    const point = { lon: -118.25, lat: 34.05, accuracyM: null };
    const found = await t.db.tx((q) => raiseContext(q, person, key, point));
    expect(found).toEqual({ existing: { id, request_hash: 'h' }, personLanguage: null, containedIn: 'losangeles' });
    // The key text that would widen the match, as another person's key, matches nothing.
    expect((await t.db.tx((q) => raiseContext(q, 'p-deferred', key, point))).existing).toBeNull();
    await expect(raiseContext(t.db, person, key, { lon: Number.NaN, lat: 34.05, accuracyM: null })).rejects.toThrow(/finite/);
  });
});
