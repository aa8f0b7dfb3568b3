import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, SKIPPED_WITHOUT_POSTGRES } from './support/postgresOnly.js';
import { collect, eventually, gql, operatorToken, personToken, wsClient } from './support/server.js';
import { startProcess } from './support/process.js';
import { openPg } from '../src/db/pg.js';
import { migrate } from '../src/db/migrate.js';
import { seedDatabase } from '../../seeds/src/load.js';
import { eventsAfter } from '../src/sql/events.js';

const cluster = (...args: string[]) => execFileSync('bash', ['.ci/pg-cluster.sh', ...args], { encoding: 'utf8' }).trim();
// A real restart needs a cluster of our own (restarting the shared one would disturb other test files).
// Asynchronous, so requests keep flowing while the server restarts.
const clusterAsync = (...args: string[]) => promisify(execFile)('bash', ['.ci/pg-cluster.sh', ...args]);
const canRun = hasPostgres() && existsSync('/usr/lib/postgresql/15/bin/initdb');

describe.skipIf(!canRun)(`a real database restart during a burst (${SKIPPED_WITHOUT_POSTGRES} or without PostgreSQL 15 in /usr/lib/postgresql/15: it starts a cluster of its own)`, () => {
  let dir = '';
  let url = '';
  beforeAll(async () => {
    const [d, port] = cluster('start-print').split(' ');
    dir = d!;
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const db = openPg({ connectionString: url });
    await migrate(db);
    await seedDatabase(db, { demoAdvisors: true });
    await db.close();
  });
  afterAll(() => {
    if (dir) cluster('stop', dir);
  });

  it('mutations fail fast with retryable errors or succeed; afterwards no committed alert is missing from the stream or duplicated', async () => {
    const p = startProcess({ DATABASE_URL: url });
    const server = await p.url;
    try {
      const op = await operatorToken('losangeles');
      const person = await personToken(randomUUID());
      const raise = (key: string) => gql(server, 'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }', { i: { location: { lat: 34.05, lon: -118.25 }, idempotencyKey: key } }, person);
      const c = wsClient(server, op, { retryAttempts: 20, retryWait: () => new Promise((r) => setTimeout(r, 200)) });
      const s = collect(c, 'subscription { alertEvents { cursor alert { id } } }');
      await eventually(async () => {
        await raise(randomUUID());
        expect(s.events.length).toBeGreaterThan(0);
      }, 15_000);
      const cursor = Number(s.events.at(-1)!.alertEvents.cursor);
      const seenBefore = s.events.length;

      // A burst with a restart in the middle; each key is retried until it succeeds, as a phone would.
      const keys: string[] = [];
      const codes = new Set<string>();
      let restarted = false;
      const restart = new Promise((res) => setTimeout(res, 150)).then(() => clusterAsync('restart', dir)).then(() => { restarted = true; });
      while (!restarted || keys.length < 12) {
        const key = randomUUID();
        keys.push(key);
        for (let attempt = 0; ; attempt++) {
          const started = Date.now();
          const r = await raise(key);
          if (!r.errors) break;
          codes.add(String(r.errors[0]!.extensions?.code));
          expect(Date.now() - started).toBeLessThan(6_000); // fails fast, never hangs
          expect(attempt).toBeLessThan(100);
          await new Promise((res) => setTimeout(res, 100));
        }
      }
      await restart;
      expect(codes.size).toBeGreaterThan(0); // the burst did run into the outage
      expect([...codes]).toEqual(['SERVICE_UNAVAILABLE']); // the retryable code, and nothing else

      const db = openPg({ connectionString: url });
      try {
        const rows = await db.query<{ n: number }>('select count(*)::int as n from alerts where idempotency_key = any($1::text[])', [keys]);
        expect(rows.rows[0]!.n).toBe(keys.length); // every key exactly once: nothing lost, nothing doubled
        const expected = (await eventsAfter(db, cursor, { consulateId: 'losangeles' }, 10_000)).map((e) => String(e.seq));
        await eventually(() => expect(s.events.slice(seenBefore).map((e) => e.alertEvents.cursor)).toEqual(expected), 20_000);
      } finally {
        await db.close();
      }
      await c.dispose();
    } catch (err) {
      throw new Error(`${(err as Error).message}\nserver output:\n${p.output().slice(-3000)}`, { cause: err });
    } finally {
      p.child.kill('SIGKILL');
    }
  });
});
