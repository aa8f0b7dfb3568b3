import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, cloneTestDb, insertBareAlert, type TestDb } from './support/db.js';
import { loadConfig } from '../src/config.js';
import { prepareDatabase } from '../src/db/open.js';
import { DemoDataInProduction, activeDemoAdvisors, refuseDemoDataInProduction, removeDemoData } from '../src/db/demoData.js';

/**
 * Issue 17.5: the fictional demo advisors reach a database only on the embedded development default or when
 * asked for (SEED_DEMO=1, `--demo`); reference data everywhere; a production start refuses active demo rows.
 */
describe('which starts seed the demo advisors', () => {
  const secret = { AUTH_JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/nonexistent' };
  const seedDemo = (env: Record<string, string>) => loadConfig({ ...secret, ...env }).ops.seedDemo;
  it('only the embedded development default and an explicit SEED_DEMO=1', () => {
    expect(seedDemo({})).toBe(true);
    expect(seedDemo({ NODE_ENV: 'development' })).toBe(true);
    expect(seedDemo({ DATABASE_URL: 'postgres://db/alerta' })).toBe(false);
    expect(seedDemo({ NODE_ENV: 'production' })).toBe(false);
    expect(seedDemo({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/alerta' })).toBe(false);
    expect(seedDemo({ DATABASE_URL: 'postgres://db/alerta', SEED_DEMO: '1' })).toBe(true);
    expect(seedDemo({ SEED_DEMO: '0' })).toBe(true); // the embedded default still has them: a developer's sandbox
    expect(() => seedDemo({ NODE_ENV: 'production', SEED_DEMO: '1' })).toThrow(/ALLOW_DEMO_DATA=1/);
    expect(seedDemo({ NODE_ENV: 'production', SEED_DEMO: '1', ALLOW_DEMO_DATA: '1' })).toBe(true);
    expect(() => seedDemo({ SEED_DEMO: 'yes' })).toThrow(/SEED_DEMO must be 1 or 0/);
  });
});

describe.each(backends())('demo data on %s', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await cloneTestDb(backend);
  });
  afterAll(() => t?.dispose());
  const count = async (sql: string) => (await t.db.query<{ n: number }>(sql)).rows[0]!.n;

  it('a database seeded without demo gets consulates and districts and no advisor; asked, it gets the demo advisors, marked', async () => {
    // As a new deployment finds it: migrated, nothing seeded.
    await t.db.query('delete from advisors');
    await t.db.query('delete from seed_state');
    await prepareDatabase(t.db, { demo: false });
    expect(await count('select count(*)::int as n from advisors')).toBe(0);
    expect(await count('select count(*)::int as n from consulates')).toBeGreaterThanOrEqual(50);
    expect(await count('select count(*)::int as n from district_parts')).toBeGreaterThan(0);

    await prepareDatabase(t.db, { demo: true }); // seeded already: SEED_DEMO=1 / --demo adds only the advisors
    expect(await count('select count(*)::int as n from advisors')).toBe(424);
    expect(await count('select count(*)::int as n from advisors where not demo')).toBe(0);
    await t.db.query('delete from advisors where id = (select id from advisors order by id limit 1)');
    await prepareDatabase(t.db, { demo: true }); // demo advisors there: a restart does not put back what was removed
    expect(await count('select count(*)::int as n from advisors')).toBe(423);
  });

  it('production refuses active demo advisors unless ALLOW_DEMO_DATA; --remove-demo deletes them, or retires those alerts refer to', async () => {
    const err = await refuseDemoDataInProduction(t.db, { production: true, allowDemoData: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DemoDataInProduction);
    expect((err as Error).message).toMatch(/423 active fictional demo advisors.*--remove-demo.*ALLOW_DEMO_DATA=1/s);
    await refuseDemoDataInProduction(t.db, { production: true, allowDemoData: true });
    await refuseDemoDataInProduction(t.db, { production: false, allowDemoData: false });

    const [held] = (await t.db.query<{ id: string }>('select id from advisors where demo order by id limit 1')).rows;
    const alertId = await insertBareAlert(t.db, 'person-demo-test');
    await t.db.query('update alerts set assigned_advisor_id = $1 where id = $2', [held!.id, alertId]);
    const real = (await t.db.query<{ id: string }>(
      `insert into advisors (consulate_id, name, kind) values ('losangeles', 'Real Advisor', 'PALE_LAWYER') returning id`)).rows[0]!.id;

    expect(await removeDemoData(t.db)).toEqual({ deleted: 422, retired: 1 });
    expect(await activeDemoAdvisors(t.db)).toBe(0);
    await refuseDemoDataInProduction(t.db, { production: true, allowDemoData: false });
    const rows = (await t.db.query<{ id: string; active: boolean }>('select id, active from advisors order by demo')).rows;
    expect(rows).toEqual([{ id: real, active: true }, { id: held!.id, active: false }]);
  });
});
