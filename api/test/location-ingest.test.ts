import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { eventually, gql, operatorToken, serverFixture, startTestServer, token } from './support/server.js';
import { CITY, Q, dispatchKit, offset, type Pt, type TestAdvisor } from './support/dispatch.js';
import type { Db, Queryable } from '../src/db/types.js';
import { LocationWriter } from '../src/services/locationWriter.js';
import { findCandidates } from '../src/sql/candidates.js';

/**
 * Advisor position reports are written by group commit (api/src/services/locationWriter.ts): concurrent
 * reports share one statement, each answers once its batch committed (only active advisors move; an older fix is ignored).
 */
const DEACTIVATE = `mutation($id: ID!) { deactivateAdvisor(id: $id) { id active } }`;

interface Stored {
  lon: number;
  lat: number;
  location_at: Date;
  changed_at: Date;
}

/** A Queryable over `db` that counts the statements it runs and can be told to fail. */
function counting(db: Queryable) {
  const c = { statements: 0, failNext: 0 };
  const q: Queryable = {
    async query(sql, params) {
      c.statements++;
      if (c.failNext > 0) {
        c.failNext--;
        throw Object.assign(new Error('injected failure'), { code: '57P01' });
      }
      return db.query(sql, params);
    },
    exec: (sql) => db.exec(sql),
  };
  return Object.assign(c, { q });
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

describe.each(backends())('advisor location ingest on %s', (backend) => {
  const f = serverFixture(backend);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());
  const stored = async (id: string) =>
    (await k.sql<Stored>('select ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat, location_at, changed_at from advisors where id = $1::uuid', [id]))[0]!;
  const report = (a: TestAdvisor, p: Pt, at: Date) => k.call(Q.reportLocation, { location: p, recordedAt: at.toISOString() }, a.token);

  it('many concurrent reports from several advisors each answer with their own position; the newest per advisor is stored', async () => {
    const advisors = await Promise.all(Array.from({ length: 8 }, (_, i) => k.addAdvisor('omaha', offset(CITY.omaha, i))));
    const base = Date.now() + 1_000;
    const STEPS = 12;
    const at = (step: number) => new Date(base + step * 10);
    const where = (i: number, step: number) => offset(CITY.omaha, i, step * 0.1);
    // Every advisor reports back to back (as a phone does); the advisors run concurrently.
    await Promise.all(advisors.map(async (a, i) => {
      for (let step = 1; step <= STEPS; step++) {
        const r = await report(a, where(i, step), at(step));
        expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
        expect(r.data!.reportAdvisorLocation).toEqual({ id: a.id, location: where(i, step), locationAt: at(step).toISOString() });
      }
    }));
    for (const [i, a] of advisors.entries()) {
      const s = await stored(a.id);
      expect({ lon: round6(s.lon), lat: round6(s.lat), at: s.location_at.getTime() }).toEqual({ ...where(i, STEPS), at: at(STEPS).getTime() });
    }

    // One advisor sending several reports at once, out of order: the newest fix wins, whatever the batches.
    const a = advisors[0]!;
    const times = [5, 9, 1, 7, 3].map((s) => at(STEPS + s));
    const answers = await Promise.all(times.map((t, j) => report(a, offset(CITY.omaha, 20, j), t)));
    for (const [j, r] of answers.entries()) {
      const got = r.data!.reportAdvisorLocation as { location: Pt; locationAt: string };
      // Each answer is the advisor as stored when its batch committed: its own fix or a newer one, never an older one.
      expect(new Date(got.locationAt).getTime()).toBeGreaterThanOrEqual(times[j]!.getTime());
      const from = times.findIndex((t) => t.toISOString() === got.locationAt);
      expect(got.location).toEqual(offset(CITY.omaha, 20, from));
    }
    const s = await stored(a.id);
    expect(s.location_at.getTime()).toBe(at(STEPS + 9).getTime());
    expect({ lon: round6(s.lon), lat: round6(s.lat) }).toEqual(offset(CITY.omaha, 20, 1));
  });

  it('a report is visible to the candidate query as soon as its mutation answered, and marks the advisor changed', async () => {
    const a = await k.addAdvisor('raleigh', CITY.raleigh);
    const others = await Promise.all(Array.from({ length: 4 }, (_, i) => k.addAdvisor('raleigh', offset(CITY.raleigh, -20 - i))));
    for (let n = 1; n <= 5; n++) {
      const p = offset(CITY.raleigh, 0, n * 0.3); // steps a phone can make between two reports (sql/plausibility.ts)
      const before = (await stored(a.id)).changed_at.getTime();
      // Other advisors report at the same time, so this report shares its batch.
      const [mine] = await Promise.all([
        k.ok(Q.reportLocation, { location: p }, a.token),
        ...others.map((o, i) => k.ok(Q.reportLocation, { location: offset(CITY.raleigh, -20 - i, n) }, o.token)),
      ]);
      expect(mine.reportAdvisorLocation.location).toEqual(p);
      const cands = await findCandidates(f.t.db, { alertId: randomUUID(), consulateId: 'raleigh', lon: p.lon, lat: p.lat, maxLocationAgeSeconds: 600, neighbourRadiusM: 30_000 });
      expect(cands[0]).toMatchObject({ advisorId: a.id });
      expect(cands[0]!.distanceM).toBeLessThan(1);
      // advisorPositions (control-room maps) polls changed_at.
      expect((await stored(a.id)).changed_at.getTime()).toBeGreaterThan(before);
    }
  });

  it('a deactivated advisor is refused with FORBIDDEN and nothing of theirs changes, while their batch-mates are written', async () => {
    const gone = await k.addAdvisor('boise', offset(CITY.boise, 3));
    const mate = await k.addAdvisor('boise', offset(CITY.boise, 4));
    await k.ok(DEACTIVATE, { id: gone.id }, await operatorToken('boise'));
    const before = await stored(gone.id);
    const [refused, accepted] = await Promise.all([
      k.call(Q.reportLocation, { location: CITY.boise }, gone.token),
      k.call(Q.reportLocation, { location: offset(CITY.boise, 5) }, mate.token),
    ]);
    expect(refused.errors?.[0]).toMatchObject({ message: 'this advisor is not active', extensions: { code: 'FORBIDDEN' } });
    expect(refused.data).toBeNull();
    expect(accepted.errors).toBeUndefined();
    expect(await stored(gone.id)).toEqual(before);
    // A token for an advisor who does not exist is refused the same way.
    const ghost = await token({ role: 'ADVISOR', sub: 'ghost', advisorId: randomUUID() });
    expect(await k.fails(Q.reportLocation, { location: CITY.boise }, ghost)).toBe('FORBIDDEN');
  });

  it('concurrent reports over HTTP take fewer statements than reports', async () => {
    const advisors = await Promise.all(Array.from({ length: 6 }, (_, i) => k.addAdvisor('detroit', offset(CITY.detroit, i))));
    const c = counting(f.t.db);
    let on = false;
    // A second server over the same database whose queries are counted (only the advisors' table).
    const db: Db = { ...f.t.db, query: (sql, params) => (on && /\badvisors\b/.test(sql) ? c.q.query(sql, params) : f.t.db.query(sql, params)) };
    const server = await startTestServer(db);
    try {
      const base = Date.now() + 1_000;
      const N = 60;
      on = true;
      const answers = await Promise.all(Array.from({ length: N }, (_, i) =>
        gql(server.url, Q.reportLocation, { location: offset(CITY.detroit, i % 6, i / 100), recordedAt: new Date(base + i).toISOString() }, advisors[i % 6]!.token)));
      on = false;
      for (const r of answers) expect(r.errors).toBeUndefined();
      expect(c.statements).toBeGreaterThan(0);
      expect(c.statements).toBeLessThan(N);
    } finally {
      on = false;
      await server.close();
    }
  });

  describe('the writer', () => {
    it('writes reports that arrive together in one statement, at most maxBatch at a time, newest fix per advisor', async () => {
      const advisors = await Promise.all(Array.from({ length: 4 }, (_, i) => k.addAdvisor('denver', offset(CITY.denver, i))));
      const c = counting(f.t.db);
      const w = new LocationWriter(c.q, 5);
      const base = Date.now() + 1_000;
      // 12 reports in one turn: 3 per advisor, the newest in the middle.
      const fixes = Array.from({ length: 12 }, (_, i) => ({ advisorId: advisors[i % 4]!.id, ...offset(CITY.denver, i % 4, 1 + Math.floor(i / 4)), at: new Date(base + [0, 20, 10][Math.floor(i / 4)]!) }));
      const rows = await Promise.all(fixes.map((x) => w.report(x)));
      expect(c.statements).toBe(3); // 5 + 5 + 2
      for (const [i, r] of rows.entries()) expect(r?.id).toBe(fixes[i]!.advisorId);
      for (const [i, a] of advisors.entries()) {
        const s = await stored(a.id);
        expect(s.location_at.getTime()).toBe(base + 20);
        expect({ lon: round6(s.lon), lat: round6(s.lat) }).toEqual(offset(CITY.denver, i, 2));
      }
      // In one batch the older fix is dropped in favour of the newer; the answer is what is stored.
      const a = advisors[0]!.id;
      const [older, newer] = await Promise.all([
        w.report({ advisorId: a, ...CITY.denver, at: new Date(base + 30) }),
        w.report({ advisorId: a, ...offset(CITY.denver, 9), at: new Date(base + 40) }),
      ]);
      expect(older).toEqual(newer);
      expect(newer).toMatchObject({ id: a, location_at: new Date(base + 40) });
      // A fix older than the stored one is ignored; the answer still carries the stored position
      // (and an id in capitals, which a token may carry, is the same advisor).
      const stale = await w.report({ advisorId: a.toUpperCase(), ...CITY.denver, at: new Date(base) });
      expect(stale).toMatchObject({ id: a, location_at: new Date(base + 40) });
      expect({ lon: round6(stale!.lon!), lat: round6(stale!.lat!) }).toEqual(offset(CITY.denver, 9));
      await w.dispose();
    });

    it('a failing batch rejects each of its callers and the next batch is written', async () => {
      const a = await k.addAdvisor('chicago', CITY.chicago);
      const b = await k.addAdvisor('chicago', offset(CITY.chicago, 1));
      const c = counting(f.t.db);
      const w = new LocationWriter(c.q);
      const before = await stored(a.id);
      c.failNext = 1;
      const at = new Date(Date.now() + 1_000);
      const failed = await Promise.allSettled([
        w.report({ advisorId: a.id, ...offset(CITY.chicago, 5), at }),
        w.report({ advisorId: b.id, ...offset(CITY.chicago, 6), at }),
      ]);
      expect(failed.map((x) => x.status)).toEqual(['rejected', 'rejected']);
      for (const x of failed) expect((x as PromiseRejectedResult).reason).toMatchObject({ message: 'injected failure', code: '57P01' });
      expect(await stored(a.id)).toEqual(before);
      const again = await Promise.all([
        w.report({ advisorId: a.id, ...offset(CITY.chicago, 5), at }),
        w.report({ advisorId: b.id, ...offset(CITY.chicago, 6), at }),
      ]);
      expect(again.map((r) => r?.id)).toEqual([a.id, b.id]);
      expect((await stored(a.id)).location_at.getTime()).toBe(at.getTime());
      expect(c.statements).toBe(2);
      await w.dispose();
    });

    it('writes one batch at a time; reports arriving meanwhile wait and go together in the next', async () => {
      const advisors = await Promise.all(Array.from({ length: 3 }, (_, i) => k.addAdvisor('seattle', offset(CITY.seattle, i))));
      let running = 0;
      let most = 0;
      const sizes: number[] = [];
      const gates: Array<() => void> = [];
      const slow: Queryable = {
        async query(sql, params) {
          running++;
          most = Math.max(most, running);
          sizes.push((params![0] as string[]).length);
          await new Promise<void>((r) => gates.push(r)); // held until the test lets it go
          try {
            return await f.t.db.query(sql, params);
          } finally {
            running--;
          }
        },
        exec: (sql) => f.t.db.exec(sql),
      };
      const w = new LocationWriter(slow);
      const base = Date.now() + 1_000;
      const at = (ms: number) => new Date(base + ms);
      const first = w.report({ advisorId: advisors[0]!.id, ...CITY.seattle, at: at(0) });
      await eventually(() => expect(gates.length).toBe(1));
      const second = w.report({ advisorId: advisors[1]!.id, ...CITY.seattle, at: at(1) });
      await new Promise((r) => setTimeout(r, 30));
      // Two more arrive while the first write is held: they go together with the second in one statement.
      const later = [w.report({ advisorId: advisors[2]!.id, ...CITY.seattle, at: at(2) }), w.report({ advisorId: advisors[0]!.id, ...CITY.seattle, at: at(3) })];
      await new Promise((r) => setTimeout(r, 30));
      expect(gates.length).toBe(1);
      const release = setInterval(() => gates.shift()?.(), 10);
      const rows = await Promise.all([first, second, ...later]);
      clearInterval(release);
      await w.dispose();
      expect(rows.map((r) => r?.id)).toEqual([advisors[0]!.id, advisors[1]!.id, advisors[2]!.id, advisors[0]!.id]);
      expect(most).toBe(1);
      // The second report waited with the later two.
      expect(sizes).toEqual([1, 3]);
      // The same advisor in two batches: the newer fix is what is stored and what the later report answers.
      expect(rows[3]!.location_at).toEqual(at(3));
      expect((await stored(advisors[0]!.id)).location_at).toEqual(at(3));
    });

    it('an unknown advisor gets null; dispose waits for accepted reports and refuses new ones', async () => {
      const a = await k.addAdvisor('atlanta', CITY.atlanta);
      const w = new LocationWriter(f.t.db);
      const at = new Date(Date.now() + 1_000);
      const pending = [w.report({ advisorId: a.id, ...offset(CITY.atlanta, 2), at }), w.report({ advisorId: randomUUID(), ...CITY.atlanta, at })];
      await w.dispose();
      const [mine, nobody] = await Promise.all(pending);
      expect(mine).toMatchObject({ id: a.id, location_at: at });
      expect(nobody).toBeNull();
      await expect(w.report({ advisorId: a.id, ...CITY.atlanta, at })).rejects.toThrow('location writer is shut down');
    });
  });
});
