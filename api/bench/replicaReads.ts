/**
 * What a hot standby (READ_DATABASE_URL) takes off the primary: primary CPU per console load, with and
 * without the standby.
 *
 *   npx tsx api/bench/replicaReads.ts        (as root or postgres; needs /usr/lib/postgresql/15/bin)
 *
 * Starts a primary with its synchronous standby and an asynchronous hot standby (.ci/pg-replicas.sh),
 * migrates and seeds it, raises BENCH_ALERTS open alerts through the API, then runs BENCH_LOADS console loads
 * (what web/src/console opens with: eventsCursor, alerts(consistentWith), dispatchStats, advisors, district)
 * from BENCH_CONCURRENCY operators, once served by an API with the standby and once by one without. CPU is read
 * from /proc for every process of each cluster (postmaster and backends), so the numbers are the database's
 * own work, not the wall clock of a shared machine. BENCHMARKS.md quotes a run.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openPg } from '../src/db/pg.js';
import { migrate } from '../src/db/migrate.js';
import { seedDatabase } from '../../seeds/src/load.js';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/http/server.js';
import { signToken } from '../src/auth/jwt.js';
import { setLogSink } from '../src/log.js';
import { cpuSeconds } from './procCpu.js';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 300);
const LOADS = Number(process.env.BENCH_LOADS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const script = (...args: string[]) => execFileSync('bash', ['.ci/pg-replicas.sh', ...args], { encoding: 'utf8' }).trim();
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** CPU seconds used so far by a cluster: its postmaster and every process whose parent it is. */
function clusterCpuSeconds(dataDir: string): number {
  const postmaster = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  return cpuSeconds((pid, ppid) => pid === postmaster || ppid === postmaster);
}

const CONSOLE_LOAD = [
  ['{ eventsCursor }', (_: unknown) => ({})],
  ['query($c: String) { alerts(consistentWith: $c) { id status kind location { lat lon } offer { expiresAt } assignedAdvisor { id name } shortCode } }', (c: unknown) => ({ c })],
  ['{ dispatchStats { countsByStatus { status count } clocks { clock count medianS p90S } } }', () => ({})],
  ['{ advisors { id name availability location { lat lon } } }', () => ({})],
  ['{ district(consulateId: "losangeles") { counties { fips name } } }', () => ({})],
] as const;

const [dir, primaryPort] = script('start-pair').split('\n').at(-1)!.split(' ');
setLogSink({ write: () => undefined });
const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
try {
  const setup = openPg({ connectionString: primaryUrl });
  await migrate(setup);
  await seedDatabase(setup, { demoAdvisors: true });
  await setup.close();
  const readerUrl = `postgres://postgres@127.0.0.1:${script('add-async', dir!)}/postgres`;
  const config = loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: 'bench-only-secret-0123456789-abcdefghijklmnop', PORT: '0', HOST: '127.0.0.1', DATA_DIR: '/nonexistent' });
  const post = async (url: string, token: string, query: string, variables: object) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };

  const measure = async (label: string, withStandby: boolean) => {
    const db = openPg({ connectionString: primaryUrl, readConnectionString: withStandby ? readerUrl : null });
    const server = await startServer(db, config);
    try {
      if (label === 'with the standby') await new Promise((r) => setTimeout(r, 2_000)); // first freshness samples
      const operators = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => signToken({ role: 'OPERATOR', sub: `bench-op-${i}`, consulateId: 'losangeles' }, config.jwt)));
      const [p0, s0] = [clusterCpuSeconds(`${dir}/primary`), clusterCpuSeconds(`${dir}/reader1`)];
      const times: number[] = [];
      let left = LOADS;
      await Promise.all(operators.map(async (op) => {
        while (left-- > 0) {
          const started = performance.now();
          let cursor: unknown = null;
          for (const [query, vars] of CONSOLE_LOAD) {
            const data = await post(server.url, op, query, vars(cursor));
            cursor ??= data.eventsCursor;
          }
          times.push(performance.now() - started);
        }
      }));
      const [p1, s1] = [clusterCpuSeconds(`${dir}/primary`), clusterCpuSeconds(`${dir}/reader1`)];
      times.sort((a, b) => a - b);
      return { label, primaryMs: ((p1 - p0) * 1000) / LOADS, standbyMs: ((s1 - s0) * 1000) / LOADS, p50: pct(times, 50), p99: pct(times, 99) };
    } finally {
      await server.close();
      await db.close();
    }
  };

  // The open alerts a busy control room holds, raised through the API (they are offered, some escalate).
  {
    const db = openPg({ connectionString: primaryUrl });
    const server = await startServer(db, { ...config, dispatch: { ...config.dispatch, raiseLimitPer10Min: 1000 } });
    for (let i = 0; i < ALERTS; i++) {
      const person = await signToken({ role: 'PERSON', sub: randomUUID() }, config.jwt);
      const at = { lat: 34.05 + (i % 20) * 0.01, lon: -118.25 - Math.floor(i / 20) * 0.01 };
      await post(server.url, person, 'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }', { i: { location: at, idempotencyKey: randomUUID() } });
    }
    await server.close();
    await db.close();
  }
  const rows = [await measure('primary only', false), await measure('with the standby', true), await measure('primary only (again)', false), await measure('with the standby (again)', true)];
  console.log(`console loads: ${LOADS} × (5 queries), ${CONCURRENCY} operators, ${ALERTS} open alerts`);
  console.log('| setup | primary CPU per load (ms) | standby CPU per load (ms) | load p50 (ms) | load p99 (ms) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.label} | ${r.primaryMs.toFixed(2)} | ${r.standbyMs.toFixed(2)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`);
} finally {
  script('stop', dir!);
}
