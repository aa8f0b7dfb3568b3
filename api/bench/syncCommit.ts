/**
 * What the synchronous standby costs a raise:
 *
 *   npx tsx api/bench/syncCommit.ts          (as root or postgres; needs /usr/lib/postgresql/15/bin)
 *
 * Starts a primary with a streaming synchronous standby (.ci/pg-replicas.sh, PG_FSYNC=on unless set: every
 * commit flushed on both sides, as in production), migrates and seeds it, serves the API in this process
 * (openPg, the production pool) and sends raises over HTTP from CONCURRENCY closed-loop clients: first with
 * the standby synchronous (synchronous_commit=on waits for its flush), then with synchronous_standby_names
 * emptied (the same standby, asynchronous). Prints raise p50/p99 for both; BENCHMARKS.md quotes a run.
 * Environment: BENCH_RAISES (per mode, default 400), BENCH_CONCURRENCY (default 4).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openPg } from '../src/db/pg.js';
import { migrate } from '../src/db/migrate.js';
import { seedDatabase } from '../../seeds/src/load.js';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/http/server.js';
import { signToken } from '../src/auth/jwt.js';
import { setLogSink } from '../src/log.js';

const RAISES = Number(process.env.BENCH_RAISES ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const script = (...args: string[]) =>
  execFileSync('bash', ['.ci/pg-replicas.sh', ...args], { encoding: 'utf8', env: { ...process.env, PG_FSYNC: process.env.PG_FSYNC ?? 'on' } }).trim();

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const [dir, primaryPort] = script('start-pair').split('\n').at(-1)!.split(' ');
setLogSink({ write: () => undefined });
const url = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
try {
  const setup = openPg({ connectionString: url });
  await migrate(setup);
  await seedDatabase(setup, { demoAdvisors: true });
  await setup.close();
  const config = loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: 'bench-only-secret-0123456789-abcdefghijklmnop', PORT: '0', HOST: '127.0.0.1', DATA_DIR: '/nonexistent', RAISE_LIMIT_PER_10_MIN: '1000' });
  const db = openPg({ connectionString: url });
  const server = await startServer(db, config);
  const raiseOnce = async () => {
    const person = await signToken({ role: 'PERSON', sub: randomUUID() }, config.jwt);
    const started = performance.now();
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${person}` },
      body: JSON.stringify({ query: 'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }', variables: { i: { location: { lat: 34.05, lon: -118.25 }, idempotencyKey: randomUUID() } } }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return performance.now() - started;
  };
  const run = async (n: number) => {
    const times: number[] = [];
    let left = n;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) times.push(await raiseOnce());
    }));
    return times.sort((a, b) => a - b);
  };
  const modes: Array<[string, () => void]> = [['synchronous standby (synchronous_commit=on)', () => undefined], ['same standby, asynchronous', () => script('unsync', dir!)]];
  for (const [name, prepare] of modes) {
    prepare();
    await run(50); // warm
    const started = performance.now();
    const t = await run(RAISES);
    const s = (performance.now() - started) / 1000;
    console.log(`${name}: ${RAISES} raises, ${CONCURRENCY} clients, ${(RAISES / s).toFixed(0)}/s, p50 ${pct(t, 50).toFixed(1)} ms, p99 ${pct(t, 99).toFixed(1)} ms`);
  }
  await server.close();
  await db.close();
} finally {
  script('stop', dir!);
}
