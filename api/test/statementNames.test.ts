import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTestDb, backends, type TestDb } from './support/db.js';
import { eventually, startTestServer, supervisorToken, testConfig } from './support/server.js';
import { CITY, Q, TEST_DURESS_PIN, dispatchKit, offset, type Fixture } from './support/dispatch.js';
import { instrumentDb } from '../bench/svc-timing.js';

/**
 * The benchmark's statement timing (api/bench/svc-timing.ts) groups by each statement's own name
 * (api/src/db/types.ts): a statement of a dispatch transaction without one would be timed as `other: …`,
 * and an edit of its text could move its cost there unseen. This drives every dispatch use case through
 * the real server on the timed Db and finds no unnamed statement in any transaction.
 */
describe.each(backends().slice(0, 1))('statement names on %s', (backend) => {
  const f = {} as Fixture & { t: TestDb };
  let timing: ReturnType<typeof instrumentDb>;
  beforeAll(async () => {
    f.t = await cloneTestDb(backend);
    timing = instrumentDb(f.t.db);
    f.server = await startTestServer(timing.db, { dispatch: { ...testConfig().dispatch, offerTtlSeconds: 1, sweepIntervalMs: 100 } });
  });
  afterAll(async () => {
    await f.server?.close();
    await f.t?.dispose();
  });
  const k = dispatchKit(f);

  it('raise, decline, expiry, claim, progress, move, escalate, resolve and a duress cancel send only named statements in their transactions', async () => {
    await k.offDuty();
    const A = await k.addAdvisor('chicago', offset(CITY.chicago, 1));
    await k.addAdvisor('chicago', offset(CITY.chicago, 2)); // B: its offer expires
    const C = await k.addAdvisor('chicago', offset(CITY.chicago, 3));
    timing.start();
    const raised = await k.raise(CITY.chicago);
    expect(raised.offer!.advisor.id).toBe(A.id);
    // A declines (on a loaded machine A's 1 s offer may have expired first: NOT_FOUND, its transaction still
    // ran); either way B's offer expires and the alert reaches C.
    const declined = await k.call(Q.decline, { id: raised.id }, A.token);
    expect([undefined, 'NOT_FOUND']).toContain(declined.errors?.[0]?.extensions?.code);
    await eventually(async () => expect((await k.read(raised.id)).offer?.advisor.id).toBe(C.id), 20_000);
    const claimed = await k.ok(Q.claim, { id: raised.id }, C.token);
    expect(claimed.claimAlert.status).toBe('ACKNOWLEDGED');
    await k.ok(Q.progress, { id: raised.id, status: 'EN_ROUTE' }, C.token);
    await k.ok(Q.move, { id: raised.id, location: offset(CITY.chicago, 0.2) }, raised.personToken);
    await k.ok(Q.escalate, { id: raised.id, note: 'needs a lawyer' }, await supervisorToken());
    await k.ok(Q.resolve, { id: raised.id, disposition: 'RELEASED_ON_SITE', note: null }, await supervisorToken());
    const person = await k.personWithPins();
    const second = await k.raise(CITY.chicago, person);
    await k.ok(Q.cancel, { id: second.id, pin: TEST_DURESS_PIN }, person);

    const traces = timing.slowest(Number.MAX_SAFE_INTEGER);
    const keys = new Set(traces.flatMap((t) => t.steps.map(([key]) => key)));
    timing.stop();
    expect(traces.length).toBeGreaterThan(8);
    for (const named of ['lock_alert', 'settle_offer', 'set_alert_status', 'append_track']) expect([...keys].some((key) => key.includes(named)), named).toBe(true);
    expect([...keys].filter((key) => key.includes('other: '))).toEqual([]);
  });
});
