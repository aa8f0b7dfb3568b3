import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { gql, operatorToken, startTestServer, supervisorToken } from './support/server.js';
import { prepareDatabase } from '../src/db/open.js';

/**
 * docs/DISTRICTS.md, "Correcting a county": an operator moves a county to the office that serves it; the
 * map and routing follow at once; the correction is audited and survives a restart that reseeds from
 * newly imported files.
 */
const CORRECT = `mutation($fips: String!, $c: ID!, $note: String!) {
  correctCountyDistrict(fips: $fips, consulateId: $c, note: $note) { fips provenance source evidenceStrength setInPass uncertain correctedAt } }`;
const AT = 'query($l: LocationInput!) { consulateAt(location: $l) { method consulate { id } } }';
const DISTRICT = `query($id: ID!) { district(consulateId: $id) {
  countyCount provenance { sourced recalled inferred corrected } evidence { strong medium weak ungraded uncertain }
  counties { fips provenance evidenceStrength setInPass uncertain correctedAt } } }`;
const AUDIT = 'query($s: String) { auditLog(subjectId: $s) { actorRole actorId action subjectType subjectId } }';
// Angelina County, Texas: inferred for Houston by the nearest-office model (seeds/data/county-membership.csv).
const ANGELINA = '48005';

describe.each(backends())('county corrections on %s', (backend) => {
  let t: TestDb;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let inside: { lat: number; lon: number };
  beforeAll(async () => {
    t = await cloneTestDb(backend);
    server = await startTestServer(t.db);
    const p = await t.db.query<{ lat: number; lon: number }>(
      'select ST_Y(ST_PointOnSurface(geom)) as lat, ST_X(ST_PointOnSurface(geom)) as lon from counties where fips = $1', [ANGELINA]);
    inside = p.rows[0]!;
  });
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  const call = async (fips: string, c: string, note: string, tok: string) => gql(server.url, CORRECT, { fips, c, note }, tok);
  const routedTo = async () => (await gql(server.url, AT, { l: inside })).data!.consulateAt;
  const corrections = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from county_corrections')).rows[0]!.n;

  it('District carries the third sourcing pass: its numbers over the 50 states + DC, and West Tennessee for Little Rock', async () => {
    const ids = (await gql(server.url, '{ consulates { id } }')).data!.consulates.map((c: { id: string }) => c.id) as string[];
    const sum = { S: 0, R: 0, I: 0, strong: 0, medium: 0, weak: 0, ungraded: 0, uncertain: 0 };
    for (const id of ids) {
      const d = (await gql(server.url, DISTRICT, { id })).data!.district;
      if (!d) continue;
      // Territories (Puerto Rico, USVI: 72xxx, 78xxx) are counted apart, as the shared data's README does.
      for (const c of d.counties as Array<{ fips: string; provenance: string; evidenceStrength: string | null; uncertain: boolean }>) {
        if (['72', '78'].includes(c.fips.slice(0, 2))) continue;
        sum[c.provenance as 'S' | 'R' | 'I']++;
        if (c.evidenceStrength) sum[c.evidenceStrength.toLowerCase() as 'strong']++;
        if (c.uncertain) sum.uncertain++;
      }
    }
    expect(sum).toEqual({ S: 2737, R: 15, I: 390, strong: 135, medium: 47, weak: 482, ungraded: 2073, uncertain: 15 + 390 + 482 });
    const lr = (await gql(server.url, DISTRICT, { id: 'littlerock' })).data!.district;
    const tn = lr.counties.filter((c: { fips: string }) => c.fips.startsWith('47'));
    expect(tn).toHaveLength(21);
    expect(tn.every((c: { provenance: string }) => c.provenance === 'S')).toBe(true);
    expect(lr.evidence.strong + lr.evidence.medium + lr.evidence.weak + lr.evidence.ungraded).toBe(lr.provenance.sourced);
  });

  it('refuses bad input and other districts\' counties with stable codes, changing nothing', async () => {
    const sup = await supervisorToken();
    const cases: Array<[string, string, string, string, string]> = [
      ['4800', 'dallas', 'checked on the SRE page', sup, 'BAD_USER_INPUT'],
      ["48005' or '1'='1", 'dallas', 'checked on the SRE page', sup, 'BAD_USER_INPUT'],
      [ANGELINA, 'dallas', '  x ', sup, 'BAD_USER_INPUT'],
      [ANGELINA, 'dallas', 'x'.repeat(501), sup, 'BAD_USER_INPUT'],
      [ANGELINA, 'ciam', 'checked on the SRE page', sup, 'BAD_USER_INPUT'],
      [ANGELINA, 'atlantis', 'checked on the SRE page', sup, 'NOT_FOUND'],
      ['99999', 'dallas', 'checked on the SRE page', sup, 'NOT_FOUND'],
      // Dallas's operator cannot take a county of Houston's district.
      [ANGELINA, 'dallas', 'checked on the SRE page', await operatorToken('dallas'), 'FORBIDDEN'],
    ];
    for (const [fips, c, note, tok, code] of cases) {
      const r = await call(fips, c, note, tok);
      expect(r.errors?.[0]?.extensions?.code, `${fips} -> ${c} (${note.slice(0, 10)})`).toBe(code);
    }
    expect(await corrections()).toBe(0);
    expect(await routedTo()).toEqual({ method: 'CONTAINED', consulate: { id: 'houston' } });
  });

  it('an operator gives a county of their district to the office that serves it: routing, district and shading follow', async () => {
    const before = (await gql(server.url, DISTRICT, { id: 'houston' })).data!.district;
    expect(before.counties.find((c: { fips: string }) => c.fips === ANGELINA)).toMatchObject({ provenance: 'I', uncertain: true, evidenceStrength: null, setInPass: '2-refit' });
    const shaded = async () => (await (await fetch(`${server.url}/geo/uncertain-counties.geojson`)).json()) as { features: Array<{ id: string; properties: Record<string, unknown> }> };
    expect((await shaded()).features.find((f) => f.id === ANGELINA)?.properties).toMatchObject({ consulateId: 'houston', uncertainty: 'INFERRED' });

    const r = await call(ANGELINA, 'dallas', 'SRE district page for Dallas, checked 2026-12-04', await operatorToken('houston'));
    expect(r.errors).toBeUndefined();
    expect(r.data!.correctCountyDistrict).toMatchObject({ fips: ANGELINA, provenance: 'C', source: 'SRE district page for Dallas, checked 2026-12-04', evidenceStrength: null, setInPass: null, uncertain: false });
    expect(await routedTo()).toEqual({ method: 'CONTAINED', consulate: { id: 'dallas' } });

    const after = (await gql(server.url, DISTRICT, { id: 'houston' })).data!.district;
    expect(after.countyCount).toBe(before.countyCount - 1);
    expect(after.evidence.uncertain).toBe(before.evidence.uncertain - 1);
    const dallas = (await gql(server.url, DISTRICT, { id: 'dallas' })).data!.district;
    expect(dallas.provenance.corrected).toBe(1);
    expect(dallas.counties.find((c: { fips: string }) => c.fips === ANGELINA).correctedAt).toEqual(r.data!.correctCountyDistrict.correctedAt);
    expect((await shaded()).features.find((f) => f.id === ANGELINA)).toBeUndefined();
    // It is Dallas's now: Houston's operator can no longer move it.
    expect((await call(ANGELINA, 'houston', 'changed my mind', await operatorToken('houston'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('the correction stands after a restart that reseeds from newly imported files, and the audit says who made it', { timeout: 600_000 }, async () => {
    await server.close();
    // As after `import-shared` wrote new seed files: the database no longer holds the files on disk.
    await t.db.query("update seed_state set data_hash = 'an-earlier-import'");
    await prepareDatabase(t.db, { demo: false });
    expect((await t.db.query<{ data_hash: string }>('select data_hash from seed_state')).rows[0]!.data_hash).not.toBe('an-earlier-import');
    server = await startTestServer(t.db);

    expect(await routedTo()).toEqual({ method: 'CONTAINED', consulate: { id: 'dallas' } });
    const dallas = (await gql(server.url, DISTRICT, { id: 'dallas' })).data!.district;
    expect(dallas.counties.find((c: { fips: string }) => c.fips === ANGELINA)).toMatchObject({ provenance: 'C', uncertain: false });
    const audit = await gql(server.url, AUDIT, { s: ANGELINA }, await supervisorToken());
    expect(audit.data!.auditLog).toEqual([{ actorRole: 'OPERATOR', actorId: 'op-houston', action: 'COUNTY_CORRECTED', subjectType: 'county', subjectId: ANGELINA }]);
    const rows = await t.db.query('select fips, consulate_id, previous_consulate_id, actor_role, actor_id from county_corrections');
    expect(rows.rows).toEqual([{ fips: ANGELINA, consulate_id: 'dallas', previous_consulate_id: 'houston', actor_role: 'OPERATOR', actor_id: 'op-houston' }]);
    await expect(t.db.query('delete from county_corrections')).rejects.toThrow(/append-only/);
  });
});
