import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSeed } from '../src/validate.js';
import { loadCountyGeometry } from '../src/counties.js';
import { readSeedFiles, seedDatabase, SeedValidationError, type SeedFiles } from '../src/load.js';
import type { MembershipRow, OfficeSeed } from '../src/model.js';
import { backends, cloneTestDb, type TestDb } from '../../api/test/support/db.js';
import { seedSnapshot } from '../../api/test/support/seedSnapshot.js';

const office = (id: string, over: Partial<OfficeSeed> = {}): OfficeSeed => ({
  id,
  name: `Consulado de México en ${id}`,
  city: id,
  state: 'AL',
  address: null,
  phone: null,
  lat: 33.5,
  lon: -86.8,
  confidence: 'sourced',
  isFallback: false,
  ...over,
});

const row = (line: number, fips: string, officeId: string, county = `County ${fips}`, state = 'AL'): MembershipRow => ({
  line, fips, state, county, officeId, provenance: officeId === '' ? '' : 'S', evidenceStrength: '', level: '', setInPass: '', source: '',
});

// A tiny, valid world: two Alabama counties, one Puerto Rico municipio, and an American Samoa district
// (a territory, which may belong to no office and may even have no row).
const OFFICES: OfficeSeed[] = [office('alpha'), office('beta', { lat: 18.45, lon: -66.1, state: 'PR' }), office('ciam', { isFallback: true })];
const ROWS: MembershipRow[] = [
  row(2, '01001', 'alpha', 'Autauga'),
  row(3, '01003', 'alpha', 'Baldwin'),
  row(4, '72001', 'beta', 'Adjuntas', 'PR'),
  row(5, '60010', '', 'Eastern', 'AS'),
];
const GEOMETRY = new Set(['01001', '01003', '72001', '60010', '60020']);

const withRow = (index: number, r: Partial<MembershipRow>) => ROWS.map((x, i) => (i === index ? { ...x, ...r } : x));

describe('validateSeed', () => {
  it('accepts a complete, consistent data set (territories may have no office or no row)', () => {
    expect(validateSeed(OFFICES, ROWS, GEOMETRY)).toEqual([]);
  });

  it('refuses a county of the 50 states + DC that belongs to no office, naming its line', () => {
    const problems = validateSeed(OFFICES, withRow(1, { officeId: '', provenance: '' }), GEOMETRY);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('county-membership.csv line 3');
    expect(problems[0]).toContain('fips 01003, Baldwin, AL');
    expect(problems[0]).toMatch(/belongs to no office/);
  });

  it('refuses a county listed twice (two offices), naming both lines', () => {
    const problems = validateSeed(OFFICES, [...ROWS, row(6, '01001', 'beta', 'Autauga')], GEOMETRY);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('county-membership.csv line 6 (fips 01001, Autauga, AL)');
    expect(problems[0]).toMatch(/already assigned on line 2/);
  });

  it('refuses an unknown office id, naming the line and the id', () => {
    const problems = validateSeed(OFFICES, withRow(2, { officeId: 'atlantis' }), GEOMETRY);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('county-membership.csv line 4 (fips 72001, Adjuntas, PR)');
    expect(problems[0]).toMatch(/office 'atlantis' is unknown/);
  });

  it('refuses an evidence strength the shading would not recognise, naming the line', () => {
    const problems = validateSeed(OFFICES, withRow(2, { evidenceStrength: 'Weak ' }), GEOMETRY);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('county-membership.csv line 4 (fips 72001, Adjuntas, PR)');
    expect(problems[0]).toMatch(/evidence_strength must be strong, medium, weak, pass1 or empty, got 'Weak '/);
  });

  it('refuses a FIPS code that is not a county in the geometry, naming the line', () => {
    const problems = validateSeed(OFFICES, [...ROWS, row(6, '01999', 'alpha', 'Nowhere')], GEOMETRY);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('county-membership.csv line 6 (fips 01999, Nowhere, AL)');
    expect(problems[0]).toMatch(/01999 is not a county in the us-atlas geometry/);
  });

  it('refuses a malformed FIPS code, naming the line', () => {
    const problems = validateSeed(OFFICES, withRow(0, { fips: '1001' }), GEOMETRY);
    // The row no longer covers 01001, so the county in the geometry is reported missing too.
    expect(problems).toEqual([
      expect.stringMatching(/^county-membership\.csv line 2 \(fips 1001, Autauga, AL\): fips must be 5 digits/),
      expect.stringMatching(/county 01001 .* has no row/),
    ]);
  });

  it.each([
    ['lat above 90', { lat: 91 }, /office 'beta': lat 91 is out of range \[-90, 90\]/],
    ['lat below -90', { lat: -90.5 }, /office 'beta': lat -90.5 is out of range/],
    ['lat NaN', { lat: Number.NaN }, /office 'beta': lat NaN is out of range/],
    ['lon below -180', { lon: -181 }, /office 'beta': lon -181 is out of range \[-180, 180\]/],
    ['lon NaN', { lon: Number.NaN }, /office 'beta': lon NaN is out of range/],
    ['lat as a string', { lat: '18.4' as unknown as number }, /office 'beta': lat 18.4 is out of range/],
  ])('refuses an office with %s, naming the office', (_name, over, message) => {
    const offices = OFFICES.map((o) => (o.id === 'beta' ? { ...o, ...over } : o));
    const problems = validateSeed(offices, ROWS, GEOMETRY);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^offices\.json: /);
    expect(problems[0]).toMatch(message);
  });

  it('accepts office coordinates on the edges of the ranges', () => {
    const offices = OFFICES.map((o) => (o.id === 'beta' ? { ...o, lat: -90, lon: 180 } : o));
    expect(validateSeed(offices, ROWS, GEOMETRY)).toEqual([]);
  });

  it('refuses a county of the geometry that has no row in the CSV, naming the county', () => {
    const problems = validateSeed(OFFICES, ROWS, new Set([...GEOMETRY, '01005']));
    expect(problems).toEqual(['county-membership.csv: county 01005 (in the us-atlas geometry) has no row; it belongs to no office']);
  });

  it('reports every problem at once, each naming its own row', () => {
    const rows = [...withRow(1, { officeId: 'atlantis' }), row(6, '01001', 'beta', 'Autauga'), row(7, '02999', 'alpha', 'Ghost', 'AK')];
    const offices = OFFICES.map((o) => (o.id === 'alpha' ? { ...o, lon: 200 } : o));
    const problems = validateSeed(offices, rows, GEOMETRY);
    expect(problems).toHaveLength(4);
    expect(problems.some((p) => p.startsWith("offices.json: office 'alpha': lon 200"))).toBe(true);
    expect(problems.some((p) => p.startsWith('county-membership.csv line 3 ') && p.includes("'atlantis'"))).toBe(true);
    expect(problems.some((p) => p.startsWith('county-membership.csv line 6 ') && p.includes('line 2'))).toBe(true);
    expect(problems.some((p) => p.startsWith('county-membership.csv line 7 ') && p.includes('02999'))).toBe(true);
  });

  it('finds no problem in the real seed files against the real county geometry', () => {
    const files = readSeedFiles();
    const geometry = loadCountyGeometry();
    expect(files.offices).toHaveLength(54);
    expect(files.membership.length).toBeGreaterThan(3000);
    expect(geometry.size).toBeGreaterThan(3000);
    expect(validateSeed(files.offices, files.membership, new Set(geometry.keys()))).toEqual([]);
  });
});

// The embedded database's template is built unless TEST_BACKENDS=postgres.
describe.skipIf(!backends().includes('pglite'))('seedDatabase with invalid files (embedded PGlite only, skipped with TEST_BACKENDS=postgres)', () => {
  let t: TestDb;
  // The seed snapshot plus when the seed last ran: a refused seed must not even touch seed_state.
  const snapshot = async () => ({
    ...(await seedSnapshot(t.db)),
    seededAt: (await t.db.query<{ s: string }>('select seeded_at::text as s from seed_state')).rows[0]?.s,
  });

  beforeAll(async () => {
    t = await cloneTestDb('pglite');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const broken = (fips: string, officeId: string): SeedFiles => {
    const files = readSeedFiles();
    return {
      ...files,
      membership: files.membership.map((r) => (r.fips === fips ? { ...r, officeId } : r)),
      hash: `${files.hash}-broken-${fips}-${officeId}`,
    };
  };

  it.each([
    ['an unknown office', '06073', 'atlantis', /fips 06073, San Diego, CA\): office 'atlantis' is unknown/],
    // Without validation this one would load: the county would silently leave every district.
    ['a state county with no office', '06073', '', /fips 06073, San Diego, CA\): belongs to no office/],
  ])('refuses %s with SeedValidationError and changes nothing', async (_name, fips, officeId, message) => {
    const files = broken(fips, officeId);
    const line = files.membership.find((r) => r.fips === fips)!.line;
    const before = await snapshot();
    expect(before.counties).toBeGreaterThan(3000);
    const err = await seedDatabase(t.db, { files }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SeedValidationError);
    const problems = (err as SeedValidationError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`county-membership.csv line ${line} `);
    expect(problems[0]).toMatch(message);
    expect((err as Error).message).toContain(problems[0]);
    expect(await snapshot()).toEqual(before);
  });
});
