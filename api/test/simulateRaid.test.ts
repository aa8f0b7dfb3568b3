/**
 * `npm run simulate -- --raid <place>` against a real server: the raid's alerts are accepted, land
 * around the named neighbourhood, and the server forms them into one incident. An unknown place is
 * refused with the names.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { serverFixture, TEST_SECRET } from './support/server.js';
import { RAID_PLACES } from '../sim/raid.js';

// The real database when there is one: the raid is concurrent raises, which the embedded one serialises.
const backend = backends().includes('postgres') ? 'postgres' : backends()[0]!;

function simulate(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/sim/simulate.ts', ...args], {
      env: { ...process.env, AUTH_JWT_SECRET: TEST_SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe(`npm run simulate -- --raid (${backend})`, () => {
  const f = serverFixture(backend);

  // 30 alerts in 5 s (the raid starts at a tenth of the run, 1.2 s): the 6.8 s after it leave detection, which
  // has 1 s, room to spare on a loaded machine; the run was 30 s and the slowest test of its file.
  it('a short raid in Pilsen: 30 alerts in 5 s, all accepted within 1 km of the place, one incident holding them', async () => {
    const run = await simulate(['--url', f.server.url, '--rate', '0', '--advisors', '0', '--duration', '12',
      '--raid', 'pilsen', '--raid-size', '30', '--raid-minutes', String(5 / 60), '--seed', '7']);
    expect(run.out).toMatch(/raid +30 +accepted of 30 raid raises/);
    expect(run.code).toBe(0);
    const p = RAID_PLACES['pilsen']!;
    const near = await f.t.db.query<{ n: string }>(
      `select count(*) as n from alerts where person_id like 'sim-%'
         and ST_DWithin(location, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 1100)`, [p.lon, p.lat]);
    expect(Number(near.rows[0]!.n)).toBe(30);
    expect(run.out).toMatch(/Raid incidents: 1 holding 30 of the raid's 30 alerts/);
  }, 120_000);

  it('an unknown place is refused with the names, before anything is raised', async () => {
    const run = await simulate(['--url', f.server.url, '--rate', '0', '--advisors', '0', '--raid', 'atlantis']);
    expect(run.code).toBe(2);
    expect(run.out).toContain('unknown raid place "atlantis"; one of: la-puente, boyle-heights, pilsen');
    const n = await f.t.db.query<{ n: string }>(`select count(*) as n from alerts where person_id like 'sim-%'`);
    expect(Number(n.rows[0]!.n)).toBe(30); // only the first test's
  }, 60_000);
});
