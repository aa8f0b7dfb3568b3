import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, insertBareAlert, type TestDb } from './support/db.js';
import { createOfferStatement, lockAlert } from '../src/sql/dispatch.js';
import { alertByIdStatement } from '../src/sql/alerts.js';
import { deferUntilCommit, dispatchTx, readAtCommit, record, SYSTEM } from '../src/services/transition.js';
import type { AlertRow } from '../src/sql/rows.js';

/**
 * The offer of a dispatch transaction travels with the message that commits it (`deferUntilCommit`): the
 * read at commit sees it, it commits with the events or not at all, nothing may run after it, and its
 * values are literals that cannot escape their quotes.
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
    const answer = await dispatchTx(t.db, async (q) => {
      const a = (await lockAlert(q, alertId))!;
      await deferUntilCommit(q, createOfferStatement(alertId, advisorId, 123.5, 600));
      await record(q, a, 'OFFERED', SYSTEM, { fromStatus: 'RAISED', toStatus: 'OFFERED' });
      return readAtCommit<AlertRow>(q, alertByIdStatement(alertId));
    });
    const row = answer.rows()[0]!;
    expect(row).toMatchObject({ status: 'OFFERED', offer_count: 1, offer_distance_m: 123.5 });
    expect((row.offer_advisor as { id: string }).id).toBe(advisorId);
    expect(answer.events().map((e) => e.type)).toEqual(['OFFERED']);
    expect(await counts()).toEqual({ offers: 1, events: 1 });
  });

  it('a deferred write that fails takes the whole transaction with it: no event, no change', async () => {
    const before = await counts();
    const missingAdvisor = '00000000-0000-4000-8000-00000000dead';
    await expect(dispatchTx(t.db, async (q) => {
      const a = (await lockAlert(q, alertId))!;
      await q.query(`update alerts set note = 'must not stay' where id = $1::uuid`, [alertId]);
      await deferUntilCommit(q, createOfferStatement(alertId, missingAdvisor, 1, 600));
      await record(q, a, 'OFFERED', SYSTEM);
    })).rejects.toThrow(/foreign key|violates/);
    expect(await counts()).toEqual(before);
    const note = (await t.db.query<{ note: string | null }>('select note from alerts where id = $1::uuid', [alertId])).rows[0]!.note;
    expect(note).not.toBe('must not stay');
  });

  it.runIf(backend === 'postgres')('refuses a statement after a deferred write (it would not see it)', async () => {
    const before = await counts();
    await expect(dispatchTx(t.db, async (q) => {
      await deferUntilCommit(q, createOfferStatement(alertId, advisorId, 1, 600));
      await q.query('select 1');
    })).rejects.toThrow(/deferUntilCommit/);
    expect(await counts()).toEqual(before);
  });

  it('the statement is all literals: ids cannot leave their quotes, numbers must be finite', async () => {
    const before = await counts();
    const hostile = `${alertId}'::uuid); drop table alerts; --`;
    await expect(dispatchTx(t.db, async (q) => {
      const a = (await lockAlert(q, alertId))!;
      await deferUntilCommit(q, createOfferStatement(hostile, advisorId, 1, 600));
      await record(q, a, 'NOTE_ADDED', SYSTEM);
    })).rejects.toThrow(/uuid/);
    expect(await counts()).toEqual(before);
    expect(() => createOfferStatement(alertId, advisorId, Number.NaN, 600)).toThrow(/finite/);
    expect(() => createOfferStatement(alertId, advisorId, 1, Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });
});
