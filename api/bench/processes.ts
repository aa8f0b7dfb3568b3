/**
 * One API process against two on one database, the same load:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx api/bench/processes.ts
 *
 * Makes a database of its own on that server (dropped at the end), migrates and seeds it (demo advisors, so
 * raises are offered), then for 1, 2, 1, 2 processes (interleaved, so the machine's drift shows) starts
 * that many real API processes (api/src/main.ts) and sends raises over HTTP from BENCH_CLIENTS closed-loop
 * clients spread over them for BENCH_SECONDS. Reports throughput, p50/p99, and CPU per raise of the API
 * processes and of their database backends (from /proc; the server must run on this machine): CPU per raise is
 * what transfers to a bigger host, where two processes get cores of their own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openPg } from '../src/db/pg.js';
import { migrate } from '../src/db/migrate.js';
import { seedDatabase } from '../../seeds/src/load.js';
import { loadConfig } from '../src/config.js';
import { signToken } from '../src/auth/jwt.js';
import { cpuSeconds } from './procCpu.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const SECRET = 'bench-only-secret-0123456789-abcdefghijklmnop';
const base = process.env.DATABASE_URL;
if (!base) throw new Error('DATABASE_URL (a PostgreSQL + PostGIS server on this machine) is required');
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** CPU seconds so far of the given processes. */
const cpuOf = (pids: number[]) => cpuSeconds((pid) => pids.includes(pid));

function startApi(databaseUrl: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
    env: { ...process.env, NODE_ENV: 'test', AUTH_JWT_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, RAISE_LIMIT_PER_10_MIN: '1000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /"event":"server.started","url":"([^"]+)"/.exec(out);
      if (m) resolve(m[1]!);
      if (out.length > 100_000) out = out.slice(-10_000);
    });
    child.on('exit', (code) => reject(new Error(`API exited with ${code}`)));
  });
  return { child, url };
}

const name = `bench_processes_${process.pid}`;
const admin = openPg({ connectionString: base, max: 1 });
await admin.query(`create database ${name}`);
const dbUrl = base.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
const config = loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: SECRET, PORT: '0', DATA_DIR: '/nonexistent' });
try {
  const setup = openPg({ connectionString: dbUrl, max: 1 });
  await migrate(setup);
  await seedDatabase(setup, { demoAdvisors: true });
  await setup.close();
  // The server may serve other databases (a shared test cluster): only the backends of this one are counted.
  const backends = async () => (await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [name])).rows.map((r) => r.pid);

  const run = async (n: number) => {
    const apis = Array.from({ length: n }, () => startApi(dbUrl));
    try {
      const urls = await Promise.all(apis.map((a) => a.url));
      const raise = async (url: string) => {
        const person = await signToken({ role: 'PERSON', sub: randomUUID() }, config.jwt);
        const started = performance.now();
        const at = { lat: 33.9 + Math.random() * 0.3, lon: -118.4 + Math.random() * 0.3 };
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${person}` },
          body: JSON.stringify({ query: 'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }', variables: { i: { location: at, idempotencyKey: randomUUID() } } }),
        });
        const body = (await res.json()) as { errors?: unknown[] };
        return body.errors ? null : performance.now() - started;
      };
      // Warm-up: a few raises per process, not counted.
      for (const url of urls) for (let i = 0; i < 5; i++) await raise(url);
      const pids = apis.map((a) => a.child.pid!);
      const dbPids = await backends(); // the pools open every connection at start and keep them (db/pg.ts)
      const [api0, db0] = [cpuOf(pids), cpuOf(dbPids)];
      const times: number[] = [];
      let failed = 0;
      const end = performance.now() + SECONDS * 1000;
      await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
        while (performance.now() < end) {
          const t = await raise(urls[c % urls.length]!);
          if (t === null) failed++;
          else times.push(t);
        }
      }));
      const [api1, db1] = [cpuOf(pids), cpuOf(dbPids)];
      times.sort((a, b) => a - b);
      const ok = times.length;
      return { n, perS: ok / SECONDS, p50: pct(times, 50), p99: pct(times, 99), failed, apiMs: ((api1 - api0) * 1000) / ok, dbMs: ((db1 - db0) * 1000) / ok };
    } finally {
      await Promise.all(apis.map((a) => new Promise((r) => { a.child.on('exit', r); a.child.kill('SIGTERM'); })));
    }
  };

  const rows = [];
  for (const n of [1, 2, 1, 2]) rows.push(await run(n));
  console.log(`raises over HTTP: ${CLIENTS} closed-loop clients, ${SECONDS} s per run, one PostgreSQL on this machine`);
  console.log('| API processes | raises/s | p50 (ms) | p99 (ms) | failed | API CPU per raise (ms) | DB CPU per raise (ms) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.n} | ${r.perS.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.failed} | ${r.apiMs.toFixed(2)} | ${r.dbMs.toFixed(2)} |`);
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.close();
}
