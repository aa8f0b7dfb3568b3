import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres } from './support/postgresOnly.js';
import { ReplicaPair, hasPg15 } from './support/replicas.js';
import { eventually, gql, personToken, startTestServer } from './support/server.js';
import { openPg } from '../src/db/pg.js';
import { migrate } from '../src/db/migrate.js';
import { seedDatabase } from '../../seeds/src/load.js';

const DISTRICT = '{ district(consulateId: "losangeles") { counties { fips name } } }';

describePostgres('READ_DATABASE_URL: lag-tolerant reads on an asynchronous hot standby', 'it runs clusters of its own', () => {
  let pair: ReplicaPair | undefined;
  let readerUrl = '';
  beforeAll(async () => {
    if (!hasPg15()) return;
    pair = new ReplicaPair();
    readerUrl = await pair.addReader();
    const db = openPg({ connectionString: pair.primaryUrl });
    await migrate(db);
    await seedDatabase(db, { demoAdvisors: false });
    await db.close();
  }, 120_000);
  afterAll(() => pair?.stop());

  it.skipIf(!hasPg15())('district geometry comes from the standby (its lag shows), a raise from the primary (needs PostgreSQL 15 in /usr/lib/postgresql/15)', async () => {
    const p = pair!;
    const db = openPg({ connectionString: p.primaryUrl, readConnectionString: readerUrl });
    const reader = openPg({ connectionString: readerUrl, max: 1 });
    const primary = openPg({ connectionString: p.primaryUrl, max: 1 });
    const server = await startTestServer(db);
    try {
      await eventually(async () => expect((await gql(server.url, DISTRICT)).data?.district?.counties.length).toBeGreaterThan(0), 20_000);
      const before = (await gql(server.url, DISTRICT)).data!.district.counties as Array<{ fips: string; name: string }>;
      const fips = before[0]!.fips;
      // Freeze the standby where it is, then change the county on the primary: the API still shows the old
      // name, so the read was served by the standby (and a bounded lag is what such reads accept).
      await reader.query('select pg_wal_replay_pause()');
      await primary.query("update counties set name = name || ' (renamed)' where fips = $1", [fips]);
      const during = (await gql(server.url, DISTRICT)).data!.district.counties as Array<{ fips: string; name: string }>;
      expect(during.find((c) => c.fips === fips)!.name).toBe(before[0]!.name);
      // What decides stays on the primary: a raise works and is there, although the standby is frozen.
      const r = await gql(server.url, 'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }', { i: { location: { lat: 34.05, lon: -118.25 }, idempotencyKey: randomUUID() } }, await personToken(randomUUID()));
      expect(r.errors).toBeUndefined();
      const id = (r.data as { raiseAlert: { id: string } }).raiseAlert.id;
      expect((await primary.query('select 1 from alerts where id = $1', [id])).rowCount).toBe(1);
      expect((await reader.query('select 1 from alerts where id = $1', [id])).rowCount).toBe(0);
      await reader.query('select pg_wal_replay_resume()');
      await eventually(async () => {
        const after = (await gql(server.url, DISTRICT)).data!.district.counties as Array<{ fips: string; name: string }>;
        expect(after.find((c) => c.fips === fips)!.name).toBe(`${before[0]!.name} (renamed)`);
      }, 20_000);
    } finally {
      await server.close();
      await Promise.all([db.close(), reader.close(), primary.close()]);
    }
  }, 120_000);
});
