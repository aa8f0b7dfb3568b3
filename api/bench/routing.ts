/**
 * Point-in-district latency: the production routing query (`district_parts`: the fine 1:500,000 county
 * polygons in pieces of <= 256 vertices) against the coarse pieces used before (the 1:10M districts cut
 * the same way) and against whole district polygons as geometry and as geography, over the same points.
 *
 *   DATABASE_URL=postgres://… npm run bench:routing      (or: npx tsx api/bench/routing.ts)
 *
 * Needs a real PostgreSQL + PostGIS, migrated and seeded (`npm run db:seed`). Writes nothing to the
 * database's tables: the whole-district variants run on a session-local temporary copy of `districts`
 * with its own GiST indexes, dropped when the connection closes. Writes its results into
 * docs/BENCHMARKS.md, between the markers of its own section.
 *
 * Environment: BENCH_POINTS (default 5000), BENCH_WARMUP (default 500), BENCH_DOC (output file).
 */
import os from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { seededRandom } from '../../seeds/src/random.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (a seeded PostgreSQL + PostGIS), e.g. DATABASE_URL=postgres://… npm run bench:routing');
  process.exit(2);
}
const N_POINTS = Number(process.env.BENCH_POINTS ?? 5000);
const N_WARMUP = Number(process.env.BENCH_WARMUP ?? 500);
const DOC = process.env.BENCH_DOC ?? fileURLToPath(new URL('../../docs/BENCHMARKS.md', import.meta.url));
const GOLDEN_FILE = fileURLToPath(new URL('../../seeds/test/fixtures/golden-points.json', import.meta.url));
/** Contiguous US bounding box (lon, lat). */
const US_BBOX = { west: -124.8, east: -66.9, south: 24.5, north: 49.4 };
const GOLDEN_SHARE = 0.1;
const TARGET_P99_MS = 0.2;
const TARGET_RATIO = 30;

const POINT = 'ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)';

interface Method {
  key: string;
  label: string;
  sql: string;
  /** The same query inside PL/pgSQL, with the point as variables: no network, no parse, cached plan. */
  plpgsql: string;
}

const METHODS: Method[] = [
  {
    key: 'subdivided',
    label: 'Subdivided geometry: `district_parts`, fine 1:500,000 county pieces (≤ 256 vertices per part), `ST_Intersects`, GiST (production)',
    // The first query of routePoint in api/src/sql/routing.ts, verbatim.
    sql: `select consulate_id from district_parts
     where ST_Intersects(geom, ${POINT})
     limit 1`,
    plpgsql: `select consulate_id into r from district_parts
      where ST_Intersects(geom, ST_SetSRID(ST_MakePoint(lons[i], lats[i]), 4326)) limit 1`,
  },
  {
    key: 'whole-geometry',
    label: 'Whole districts, geometry: `districts.geom`, `ST_Intersects`, temporary GiST index',
    sql: `select consulate_id from pg_temp.bench_districts where ST_Intersects(geom, ${POINT}) limit 1`,
    plpgsql: `select consulate_id into r from pg_temp.bench_districts
      where ST_Intersects(geom, ST_SetSRID(ST_MakePoint(lons[i], lats[i]), 4326)) limit 1`,
  },
  {
    key: 'whole-geography',
    label: 'Whole districts, geography: `ST_Intersects(districts.geom::geography, point::geography)` (cast per row; no index can serve it)',
    sql: `select consulate_id from districts where ST_Intersects(geom::geography, ${POINT}::geography) limit 1`,
    plpgsql: `select consulate_id into r from districts
      where ST_Intersects(geom::geography, ST_SetSRID(ST_MakePoint(lons[i], lats[i]), 4326)::geography) limit 1`,
  },
  {
    key: 'whole-geography-indexed',
    label: 'Whole districts, geography precomputed: `ST_Intersects(geog, point::geography)`, temporary GiST index on `geog`',
    sql: `select consulate_id from pg_temp.bench_districts where ST_Intersects(geog, ${POINT}::geography) limit 1`,
    plpgsql: `select consulate_id into r from pg_temp.bench_districts
      where ST_Intersects(geog, ST_SetSRID(ST_MakePoint(lons[i], lats[i]), 4326)::geography) limit 1`,
  },
  {
    key: 'coarse-subdivided',
    label: 'Coarse subdivided geometry (routing before issue 23): the 1:10M `districts.geom` cut by `ST_Subdivide(geom, 256)`, `ST_Intersects`, temporary GiST index',
    sql: `select consulate_id from pg_temp.bench_coarse_parts where ST_Intersects(geom, ${POINT}) limit 1`,
    plpgsql: `select consulate_id into r from pg_temp.bench_coarse_parts
      where ST_Intersects(geom, ST_SetSRID(ST_MakePoint(lons[i], lats[i]), 4326)) limit 1`,
  },
];
const fnName = (m: Method) => `pg_temp.bench_${m.key.replace(/-/g, '_')}`;

interface Stats {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  // Nearest-rank percentile.
  const pct = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { n: s.length, p50: pct(50), p90: pct(90), p99: pct(99), mean: s.reduce((a, b) => a + b, 0) / s.length, max: s[s.length - 1]! };
}

interface Pt {
  lon: number;
  lat: number;
}

/** Random points in the contiguous US bounding box (some at sea, in Canada or Mexico: realistic misses) plus golden points. */
function makePoints(n: number): { points: Pt[]; golden: number } {
  const rand = seededRandom(20_261_128);
  const golden = (JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Array<{ lat: number; lon: number }>).map(({ lat, lon }) => ({ lat, lon }));
  const nGolden = Math.round(n * GOLDEN_SHARE);
  const points: Pt[] = [];
  for (let i = 0; i < nGolden; i++) points.push(golden[i % golden.length]!);
  while (points.length < n)
    points.push({
      lon: US_BBOX.west + rand() * (US_BBOX.east - US_BBOX.west),
      lat: US_BBOX.south + rand() * (US_BBOX.north - US_BBOX.south),
    });
  // Fisher-Yates with the seeded generator: the same order on every run.
  for (let i = points.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [points[i], points[j]] = [points[j]!, points[i]!];
  }
  return { points, golden: nGolden };
}

const fmt = (ms: number) => (ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));
const ratio = (a: number, b: number) => `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×`;

function redactUrl(u: string): string {
  try {
    const x = new URL(u);
    return `${x.hostname}:${x.port || '5432'}${x.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

const pool = new pg.Pool({ connectionString: url, max: 1 });
const client = await pool.connect();
try {
  const seeded = await client.query<{ d: number; p: number }>(
    'select (select count(*) from districts)::int as d, (select count(*) from district_parts)::int as p',
  );
  const { d: nDistricts, p: nParts } = seeded.rows[0]!;
  if (nDistricts === 0) throw new Error('no districts: migrate and seed first (npm run db:seed)');

  const server = (await client.query<{ version: string; postgis: string }>('select version() as version, postgis_full_version() as postgis')).rows[0]!;
  const shape = (
    await client.query<{ part_max: number; part_avg: number; district_max: number; district_avg: number; district_total: number }>(
      `select (select max(ST_NPoints(geom)) from district_parts)::int as part_max,
              (select avg(ST_NPoints(geom)) from district_parts)::float8 as part_avg,
              (select max(ST_NPoints(geom)) from districts)::int as district_max,
              (select avg(ST_NPoints(geom)) from districts)::float8 as district_avg,
              (select sum(ST_NPoints(geom)) from districts)::int as district_total`,
    )
  ).rows[0]!;

  // Whole districts: a session-local copy with GiST indexes on the geometry and on a precomputed
  // geography (production has no index on districts.geom; districts is only read for maps).
  await client.query('drop table if exists pg_temp.bench_districts');
  await client.query('create temporary table bench_districts as select consulate_id, geom, geom::geography as geog from districts');
  await client.query('create index on pg_temp.bench_districts using gist (geom)');
  await client.query('create index on pg_temp.bench_districts using gist (geog)');
  await client.query('analyze pg_temp.bench_districts');
  // The routing parts as rebuild_districts made them before the fine lines (db/migrations/0008).
  await client.query('drop table if exists pg_temp.bench_coarse_parts');
  await client.query('create temporary table bench_coarse_parts as select consulate_id, (ST_Dump(ST_Subdivide(geom, 256))).geom as geom from districts');
  await client.query('create index on pg_temp.bench_coarse_parts using gist (geom)');
  await client.query('analyze pg_temp.bench_coarse_parts');
  for (const m of METHODS)
    await client.query(`create function ${fnName(m)}(lons float8[], lats float8[]) returns float8[]
      language plpgsql as $$
      declare t0 timestamptz; r text; out float8[] := array_fill(0::float8, array[array_length(lons, 1)]);
      begin
        for i in 1 .. array_length(lons, 1) loop
          t0 := clock_timestamp();
          ${m.plpgsql};
          out[i] := extract(epoch from clock_timestamp() - t0) * 1000;
        end loop;
        return out;
      end $$`);

  const { points, golden } = makePoints(N_POINTS);
  const warm = makePoints(N_WARMUP).points.map((p) => ({ lon: p.lon + 0.001, lat: p.lat - 0.001 }));
  const t0 = Date.now();
  const loadBefore = os.loadavg();

  const run = async (m: Method, p: Pt) => {
    const s = process.hrtime.bigint();
    const r = await client.query<{ consulate_id: string }>(m.sql, [p.lon, p.lat]);
    return { ms: Number(process.hrtime.bigint() - s) / 1e6, id: r.rows[0]?.consulate_id ?? null };
  };

  console.log(`warming up: ${warm.length} queries per method`);
  for (const p of warm) for (const m of METHODS) await run(m, p);

  // Client round trips, interleaved point by point in a rotating order, so background load and
  // caches treat every method alike.
  console.log(`client round trips: ${points.length} points × ${METHODS.length} methods`);
  const client_ms = METHODS.map(() => [] as number[]);
  const ids = METHODS.map(() => [] as Array<string | null>);
  for (let i = 0; i < points.length; i++) {
    for (let k = 0; k < METHODS.length; k++) {
      const j = (i + k) % METHODS.length;
      const r = await run(METHODS[j]!, points[i]!);
      client_ms[j]!.push(r.ms);
      ids[j]![i] = r.id;
    }
  }

  // Server-side execution only (PL/pgSQL loop, clock_timestamp around each query).
  console.log('server-side execution: PL/pgSQL loop per method');
  const lons = points.map((p) => p.lon);
  const lats = points.map((p) => p.lat);
  const server_ms: number[][] = [];
  for (const m of METHODS) {
    const fn = fnName(m);
    await client.query(`select ${fn}($1::float8[], $2::float8[])`, [warm.map((p) => p.lon), warm.map((p) => p.lat)]);
    const r = await client.query<{ t: number[] }>(`select ${fn}($1::float8[], $2::float8[]) as t`, [lons, lats]);
    server_ms.push(r.rows[0]!.t.map(Number));
  }
  const loadAfter = os.loadavg();
  const seconds = (Date.now() - t0) / 1000;

  const inside = ids[0]!.filter((x) => x !== null).length;
  const disagree = METHODS.map((_, k) => ids[k]!.filter((x, i) => x !== ids[0]![i]).length);
  const cs = client_ms.map(stats);
  const ss = server_ms.map(stats);
  const [subC, wholeC, geoC, geoIdxC, coarseC] = cs as [Stats, Stats, Stats, Stats, Stats];
  const [subS, wholeS, geoS, geoIdxS, coarseS] = ss as [Stats, Stats, Stats, Stats, Stats];
  const nCoarseParts = (await client.query<{ n: number }>('select count(*)::int as n from pg_temp.bench_coarse_parts')).rows[0]!.n;

  const cpus = os.cpus();
  const machine = [
    `- CPU: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length} logical CPUs; RAM ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()}); Node.js ${process.version}; pg ${readPgVersion()}`,
    `- Server: ${server.version}`,
    `- PostGIS: ${server.postgis}`,
    `- Database: ${redactUrl(url)}; ${nDistricts} districts (${shape.district_total} vertices in all; up to ${shape.district_max}, mean ${shape.district_avg.toFixed(0)} per district), ` +
      `${nParts} routing parts (up to ${shape.part_max}, mean ${shape.part_avg.toFixed(0)} vertices per part)`,
    `- Load average (1/5/15 min) before ${loadBefore.map((x) => x.toFixed(2)).join('/')}, after ${loadAfter.map((x) => x.toFixed(2)).join('/')}`,
  ];

  const row = (m: Method, c: Stats, s: Stats, base: { c: Stats; s: Stats }) =>
    `| ${m.label} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(c.p50)} | ${fmt(c.p90)} | ${fmt(c.p99)} | ${fmt(c.max)} | ` +
    `${ratio(s.p50, base.s.p50)} / ${ratio(c.p50, base.c.p50)} |`;
  const base = { c: subC, s: subS };
  const verdict = (ok: boolean) => (ok ? '**met**' : '**not met**');
  const serverRatio = geoS.p50 / subS.p50;
  const clientRatio = geoC.p50 / subC.p50;

  const section = [
    '## Routing: point-in-district latency',
    '',
    `_Generated by \`api/bench/routing.ts\` on ${new Date().toISOString()} (${seconds.toFixed(0)} s). Rerun to replace this section._`,
    '',
    '### Method',
    '',
    `- ${points.length} points, the same for every method: ${points.length - golden} uniformly random in the contiguous-US bounding box ` +
      `(lon ${US_BBOX.west}…${US_BBOX.east}, lat ${US_BBOX.south}…${US_BBOX.north}; ${inside} of all points fall inside a district, ` +
      `the rest at sea, in Canada or in Mexico) and ${golden} golden points (one well inside each district, ` +
      '`seeds/test/fixtures/golden-points.json`, cycled), shuffled with a fixed seed.',
    `- ${warm.length} warm-up queries per method first (other points), then the measured ones.`,
    '- One connection (`pg.Pool` with `max: 1`, one client checked out), one query at a time.',
    '- **Client round trip**: wall time of `client.query(sql, [lon, lat])` as production runs it (unnamed parameterised ' +
      'statement: parse, plan, execute, network on the same host), methods interleaved point by point in rotating order.',
    '- **Server execution**: the same query inside a PL/pgSQL loop timed with `clock_timestamp()` around each ' +
      'statement (cached plan, no network, no parse): what the database itself spends.',
    '- Methods:',
    ...METHODS.map((m, k) => `  ${k + 1}. ${m.label}.`),
    '- Methods 2 and 4 run on `pg_temp.bench_districts`, a session-local copy of `districts` (same rows) with ' +
      'temporary GiST indexes on `geom` and on a precomputed `geom::geography` column: the schema has no index on ' +
      '`districts.geom`. Method 3 is the literal query on `districts`: the cast happens per row and no index can ' +
      'serve it. Method 5 runs on `pg_temp.bench_coarse_parts`: `districts.geom` (the 1:10M union) cut into pieces ' +
      'of <= 256 vertices exactly as `rebuild_districts` cut them before the fine lines, with a temporary GiST index. Nothing persistent is created.',
    `- Agreement with method 1 (same consulate, or both outside every district), out of ${points.length} points: ` +
      METHODS.slice(1).map((m, k) => `method ${k + 2} differs on ${disagree[k + 1]}`).join(', ') +
      ' (geography edges are great-circle arcs, geometry edges straight lines in lon/lat, so points within metres of ' +
      'a long border could differ).',
    '',
    '### Machine',
    '',
    ...machine,
    '',
    '### Results (milliseconds)',
    '',
    '| Method | server p50 | server p99 | client p50 | client p90 | client p99 | client max | p50 vs subdivided (server / client) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row(METHODS[0]!, subC, subS, base),
    row(METHODS[1]!, wholeC, wholeS, base),
    row(METHODS[2]!, geoC, geoS, base),
    row(METHODS[3]!, geoIdxC, geoIdxS, base),
    row(METHODS[4]!, coarseC, coarseS, base),
    '',
    `- **What the fine lines cost** (method 1, fine, against method 5, the coarse pieces routing used before, same run): ` +
      `server p50 ${fmt(subS.p50)} vs ${fmt(coarseS.p50)} ms (${ratio(subS.p50, coarseS.p50)}), p99 ${fmt(subS.p99)} vs ${fmt(coarseS.p99)} ms (${ratio(subS.p99, coarseS.p99)}); ` +
      `client p50 ${fmt(subC.p50)} vs ${fmt(coarseC.p50)} ms (${ratio(subC.p50, coarseC.p50)}), p99 ${fmt(subC.p99)} vs ${fmt(coarseC.p99)} ms (${ratio(subC.p99, coarseC.p99)}). ` +
      `${nParts} fine pieces against ${nCoarseParts} coarse ones; ${disagree[4]} of the ${points.length} points land in another office (or none) by the coarse lines.`,
    `- Whole-district geography p50 / subdivided p50: **${serverRatio.toFixed(0)}×** server-side, **${clientRatio.toFixed(1)}×** client round trip.`,
    `- Whole-district geography, precomputed and indexed, p50 / subdivided p50: ${(geoIdxS.p50 / subS.p50).toFixed(1)}× server-side, ${(geoIdxC.p50 / subC.p50).toFixed(1)}× client round trip; ` +
      `p99 / p99: ${(geoIdxS.p99 / subS.p99).toFixed(0)}× server-side.`,
    `- Whole-district geometry p50 / subdivided p50: ${(wholeS.p50 / subS.p50).toFixed(1)}× server-side, ${(wholeC.p50 / subC.p50).toFixed(1)}× client round trip.`,
    '',
    '### Against the targets',
    '',
    `| Target | Server execution | Client round trip |`,
    '|---|---|---|',
    `| Subdivided p99 ≤ ${TARGET_P99_MS} ms | ${fmt(subS.p99)} ms: ${verdict(subS.p99 <= TARGET_P99_MS)} | ${fmt(subC.p99)} ms: ${verdict(subC.p99 <= TARGET_P99_MS)} |`,
    `| Subdivided ≥ ${TARGET_RATIO}× faster than whole-district geography (p50, method 3) | ${serverRatio.toFixed(0)}×: ${verdict(serverRatio >= TARGET_RATIO)} | ${clientRatio.toFixed(1)}×: ${verdict(clientRatio >= TARGET_RATIO)} |`,
    `| Same, against precomputed, indexed geography (p50, method 4) | ${(geoIdxS.p50 / subS.p50).toFixed(1)}×: ${verdict(geoIdxS.p50 / subS.p50 >= TARGET_RATIO)} | ${(geoIdxC.p50 / subC.p50).toFixed(1)}×: ${verdict(geoIdxC.p50 / subC.p50 >= TARGET_RATIO)} |`,
    '',
    '### What limits these numbers',
    '',
    '- Client round trips carry a fixed cost per query (socket round trip, parse and plan of an unnamed statement, ' +
      'the Node.js event loop) that is the same for every method: it floors the subdivided query and compresses the ' +
      'client-side ratios. The server-side columns isolate the spatial work.',
    `- Routing pieces are cut from the fine county polygons (Census 1:500,000, about a million vertices): more pieces ` +
      `(${nParts} against ${nCoarseParts}), each still at most 256 vertices, so a point still meets about one candidate ` +
      'and the cost per query barely moves; the GiST index is deeper by a level at most.',
    `- The whole-district methods (2–4) run on \`districts.geom\`, still the coarse us-atlas 1:10M union kept for drawing: ${shape.district_avg.toFixed(0)} vertices per district on average, ` +
      `${shape.district_max} at most. A point's bounding box hits about one candidate either way, and a point-in-polygon ` +
      'test over a few hundred vertices costs microseconds, so the executor and index descent dominate: in this run ' +
      `whole-district geometry with a GiST index took ${(wholeS.p50 / subS.p50).toFixed(1)}× the subdivided time at p50 and ` +
      `${(wholeS.p99 / subS.p99).toFixed(1)}× at p99 (server-side). On data this coarse subdivision buys little against an ` +
      'indexed whole geometry (which the schema does not have); what it guarantees is that no test ever touches more than ' +
      '256 vertices, whatever the resolution of the source geometry.',
    '- Geography is slow for another reason: each test is on the sphere (geocentric edge tests over every vertex), and ' +
      'cast per row (method 3) it also rebuilds every district as geography for every point. Precomputed and ' +
      'indexed (method 4) it is still several times slower at the median and far slower in the tail.',
    '- One connection, one query at a time: latency, not throughput.',
    '- The machine is shared and small (see the load average above): other processes ' +
      'add jitter, mostly to the tails (p99, max). Rerun on an idle machine for release numbers.',
    '',
    '### Reproduce',
    '',
    '```sh',
    'DATABASE_URL=postgres://user@host:5432/db npm run db:seed      # once: migrate + seed',
    'DATABASE_URL=postgres://user@host:5432/db npm run bench:routing # or: npx tsx api/bench/routing.ts',
    '```',
    '',
    'Options: `BENCH_POINTS` (default 5000), `BENCH_WARMUP` (default 500), `BENCH_DOC` (file to write, default `docs/BENCHMARKS.md`).',
  ].join('\n');

  writeSection(DOC, section);
  console.log(['', ...machine, '', 'method               server p50/p99      client p50/p99 (ms)'].join('\n'));
  METHODS.forEach((m, k) =>
    console.log(`${m.key.padEnd(20)} ${fmt(ss[k]!.p50)} / ${fmt(ss[k]!.p99)}`.padEnd(40) + `${fmt(cs[k]!.p50)} / ${fmt(cs[k]!.p99)}`),
  );
  console.log(`geography/subdivided p50: ${serverRatio.toFixed(0)}x server, ${clientRatio.toFixed(1)}x client; disagreements ${disagree.join('/')}`);
  console.log(`wrote ${DOC}`);
} finally {
  client.release();
  await pool.end();
}

function readPgVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../node_modules/pg/package.json', import.meta.url)), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return 'unknown';
  }
}

/** Replaces this benchmark's section of the document (between its markers), or appends it. */
function writeSection(file: string, body: string) {
  const START = '<!-- bench:routing:start -->';
  const END = '<!-- bench:routing:end -->';
  const block = `${START}\n${body}\n${END}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nMeasured numbers, each section written by its script.\n';
  const a = current.indexOf(START);
  const b = current.indexOf(END);
  const next = a >= 0 && b > a ? current.slice(0, a) + block + current.slice(b + END.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
