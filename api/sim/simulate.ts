/* eslint-disable no-console */
/**
 * `npm run simulate -- [options]`: drives a RUNNING server the way the field would, through its public
 * GraphQL API only. Persons raise alerts (placed by population around the consulates), advisors move,
 * change availability, claim, decline and resolve; optionally a raid (`--raid <place>`: 300 alerts in
 * 10 minutes from one neighbourhood). Stops by itself after --duration and prints what happened. See
 * docs/SIMULATOR.md.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { devSecret } from '../src/config.js';
import { seededRandom } from '../../seeds/src/random.js';
import { Api, DOCS } from './client.js';
import { AdvisorCrew, type RosterEntry } from './advisors.js';
import { Crowd } from './persons.js';
import { weightOf, type Place } from './geo.js';
import { Dice, Scheduler, newTally } from './world.js';
import { printSummary } from './summary.js';
import { RAID_PLACES, raidSite, raidWindow } from './raid.js';
import { raidIncidentLines } from './raidReport.js';

const USAGE = `usage: npm run simulate -- [--url http://localhost:4000] [--rate 0.5] [--duration 120] [--advisors 20]
       [--consulate ID] [--seed 1] [--raid PLACE] [--raid-size 300] [--raid-minutes 10] [--raid-radius-km 1]
PLACE: ${Object.keys(RAID_PLACES).join(', ')}, or a consulate id`;
const { values: o } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:4000' },
    rate: { type: 'string', default: '0.5' },
    duration: { type: 'string' },
    advisors: { type: 'string', default: '20' },
    consulate: { type: 'string' },
    seed: { type: 'string', default: '1' },
    raid: { type: 'string' },
    'raid-size': { type: 'string', default: '300' },
    'raid-minutes': { type: 'string', default: '10' },
    'raid-radius-km': { type: 'string', default: '1' },
    help: { type: 'boolean', short: 'h' },
  },
});
const fail = (msg: string): never => {
  console.error(`${msg}\n${USAGE}`);
  process.exit(2);
};
if (o.help) {
  console.log(USAGE);
  process.exit(0);
}
const rate = Number(o.rate);
const raidMinutes = Number(o['raid-minutes']);
const raidRadiusKm = Number(o['raid-radius-km']);
if (!(raidMinutes > 0 && raidMinutes <= 24 * 60)) fail('--raid-minutes must be more than 0 and at most 1440');
if (!(raidRadiusKm > 0 && raidRadiusKm <= 20)) fail('--raid-radius-km must be more than 0 and at most 20');
// Without --duration the run lasts 120 s, or as long as the raid plus 20 s.
const durationS = o.duration !== undefined ? Number(o.duration)
  : Math.max(120, o.raid ? raidWindow(raidMinutes, null).endMs / 1000 + 20 : 0);
const nAdvisors = Number(o.advisors);
const seed = Number(o.seed);
const raidSize = Number(o['raid-size']);
if (!(rate >= 0 && rate <= 200)) fail('--rate must be 0-200 alerts per second');
if (!(durationS > 0 && durationS <= 24 * 3600)) fail('--duration must be 1-86400 seconds');
if (!Number.isInteger(nAdvisors) || nAdvisors < 0 || nAdvisors > 2000) fail('--advisors must be 0-2000');
if (!Number.isInteger(seed)) fail('--seed must be an integer');
if (!Number.isInteger(raidSize) || raidSize < 1 || raidSize > 10_000) fail('--raid-size must be 1-10000');
const url = o.url!.replace(/\/+$/, '');

// The server's signing key: AUTH_JWT_SECRET, or the development secret it keeps in DATA_DIR. Never
// create one here: a fresh secret would not be the server's, and every call would be UNAUTHENTICATED.
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
let secret = process.env.AUTH_JWT_SECRET ?? '';
if (!secret) {
  if (!existsSync(join(dataDir, 'dev-jwt-secret')))
    fail(`no signing key: set AUTH_JWT_SECRET as the server has it, or DATA_DIR to the server's (looked in ${dataDir})`);
  secret = devSecret(dataDir);
}
const api = new Api(url, {
  secret,
  ...(process.env.AUTH_JWT_ISSUER ? { issuer: process.env.AUTH_JWT_ISSUER } : {}),
  ...(process.env.AUTH_JWT_AUDIENCE ? { audience: process.env.AUTH_JWT_AUDIENCE } : {}),
});

const health = await fetch(`${url}/healthz`).catch(() => null);
if (!health?.ok) fail(`no server answering at ${url} (start one with npm start, or pass --url)`);

const consulates = (await api.call<{ consulates: Array<{ id: string; name: string; location: { lat: number; lon: number } }> }>('consulates', DOCS.consulates, {})).consulates;
const places: Place[] = consulates.map((c) => ({ id: c.id, lon: c.location.lon, lat: c.location.lat }));
const known = new Set(places.map((p) => p.id));
if (o.consulate && !known.has(o.consulate)) fail(`unknown consulate "${o.consulate}"; one of: ${[...known].join(', ')}`);
let site: ReturnType<typeof raidSite> | null = null;
try {
  site = o.raid ? raidSite(o.raid, places, seededRandom(seed + 1)) : null;
} catch (err) {
  fail((err as Error).message);
}
const scope = o.consulate ? places.filter((p) => p.id === o.consulate) : places;

const supervisor = await api.token({ role: 'SUPERVISOR', sub: 'sim-supervisor' });
const roster = (await api.call<{ advisors: RosterEntry[] }>('advisors', DOCS.advisors, { consulateId: o.consulate ?? null }, supervisor)).advisors.filter((a) => a.active);
const chooser = new Dice(seededRandom(seed ^ 0x5bd1e995));
const chosen: RosterEntry[] = [];
const pool = [...roster];
while (chosen.length < nAdvisors && pool.length > 0) {
  // Without replacement, weighted like the alerts: more advisors on duty where more people live.
  const total = pool.reduce((s, a) => s + weightOf(a.consulate.id), 0);
  let r = chooser.next() * total;
  const k = Math.max(0, pool.findIndex((a) => (r -= weightOf(a.consulate.id)) <= 0));
  chosen.push(pool.splice(k, 1)[0]!);
}
if (chosen.length < nAdvisors) console.log(`note: only ${chosen.length} active advisors in scope (asked for ${nAdvisors})`);

const sched = new Scheduler();
const tally = newTally();
const runId = `${seed}-${Date.now().toString(36)}`;
const crowd = new Crowd(api, sched, tally, runId);
const crew = new AdvisorCrew(api, sched, new Dice(seededRandom(seed ^ 0x9e3779b9)), tally);

// The control room's view: every lifecycle event in scope, as a supervisor's console receives it.
const seen = new Map<string, Set<string>>();
api.subscribe<{ alertEvents: { type: string; alert: { id: string } } }>(api.socket(supervisor), 'alertEvents', DOCS.events, { consulateId: o.consulate ?? null }, (d) => {
  const s = seen.get(d.alertEvents.alert.id) ?? new Set<string>();
  s.add(d.alertEvents.type);
  seen.set(d.alertEvents.alert.id, s);
});

const homes = new Map(places.map((p) => [p.id, { lon: p.lon, lat: p.lat }]));
await crew.start(chosen, homes);
const durationMs = durationS * 1000;
crowd.startStream(scope, rate, durationMs, new Dice(seededRandom(seed)));
let raidNote = '';
if (site) {
  const { startMs, spanMs, endMs } = raidWindow(raidMinutes, durationMs);
  crowd.startRaid(site, raidRadiusKm, raidSize, startMs, spanMs, new Dice(seededRandom(seed + 2)));
  raidNote = `; raid: ${raidSize} alerts within ${raidRadiusKm} km of (${site.lat.toFixed(4)}, ${site.lon.toFixed(4)}), ${site.label}, ` +
    `over ${(spanMs / 1000).toFixed(0)} s from t=${(startMs / 1000).toFixed(0)} s`;
  if (endMs > durationMs) console.log(`note: the run ends before the raid does (--duration ${durationS} s, raid until t=${(endMs / 1000).toFixed(0)} s)`);
}
console.log(`simulating ${durationS} s against ${url}: ${rate} alerts/s${o.consulate ? ` around ${o.consulate}` : ' by population'}, ` +
  `${crew.size} advisors, seed ${seed}${raidNote}`);

const count = (type: string) => [...crowd.raised.keys()].filter((id) => seen.get(id)?.has(type)).length;
const started = Date.now();
const progress = setInterval(() => {
  const errors = Object.values(api.counters.errors).reduce((a, b) => a + b, 0);
  console.log(`t=${((Date.now() - started) / 1000).toFixed(0)}s raised ${tally.raised}, offered ${count('OFFERED')}, claimed ${count('ACKNOWLEDGED')}, ` +
    `escalated ${count('ESCALATED')}, resolved ${count('RESOLVED')}, errors ${errors}`);
}, 10_000);

const finish = async () => {
  clearInterval(progress);
  sched.stop();
  console.log('stopping: waiting for calls in flight, resolving alerts the simulated advisors still hold');
  await new Promise((r) => setTimeout(r, 2_000));
  await crew.wrapUp();
  await new Promise((r) => setTimeout(r, 1_500)); // the last events reach the control room
  const raidLines = site ? await raidIncidentLines(api, supervisor, crowd.raidIds) : [];
  await api.closeAll();
  printSummary({ durationS: (Date.now() - started) / 1000, tally, raised: crowd.raised, seen, counters: api.counters, advisors: crew.size });
  if (raidLines.length) process.stdout.write(raidLines.join('\n') + '\n');
  process.exit(0);
};
const timer = setTimeout(() => void finish(), durationMs);
process.once('SIGINT', () => {
  clearTimeout(timer);
  void finish();
});
