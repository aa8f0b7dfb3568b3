import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres } from './support/postgresOnly.js';
import { ReplicaPair, hasPg15 } from './support/replicas.js';
import { eventually, gql, personToken, startTestServer, token } from './support/server.js';
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
      // The standby is read only once it is known to be fresh (a loaded machine takes a while to say so).
      await eventually(() => expect(Date.now() - (db.readFreshness!.freshAsOf() ?? 0)).toBeLessThan(1_500), 20_000);
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
      // A failure above must not leave the standby paused for the tests after it.
      await reader.query('select pg_wal_replay_resume()').catch(() => undefined);
      await server.close();
      await Promise.all([db.close(), reader.close(), primary.close()]);
    }
  }, 120_000);

  /** A server reading the standby, once the standby is known to hold everything up to a moment ago. */
  async function standbyServer(readMaxLagMs: number) {
    const p = pair!;
    const db = openPg({ connectionString: p.primaryUrl, readConnectionString: readerUrl });
    const server = await startTestServer(db, { readMaxLagMs });
    await eventually(() => expect(Date.now() - (db.readFreshness!.freshAsOf() ?? 0)).toBeLessThan(1_500), 20_000);
    const reader = openPg({ connectionString: readerUrl, max: 1 });
    const primary = openPg({ connectionString: p.primaryUrl, max: 1 });
    return {
      server,
      reader,
      primary,
      /** Until the standby has replayed everything committed on the primary (replay resumed). */
      caughtUp: () => eventually(() => expect(Date.now() - (db.readFreshness!.freshAsOf() ?? 0)).toBeLessThan(1_500), 20_000),
      async close() {
        await reader.query('select pg_wal_replay_resume()').catch(() => undefined);
        await server.close();
        await Promise.all([db.close(), reader.close(), primary.close()]);
      },
    };
  }

  const operator = (sub: string) => token({ role: 'OPERATOR', sub, consulateId: 'losangeles' });
  const ROSTER = '{ advisors { id name } }';
  const nameIn = async (url: string, tok: string, id: string) =>
    ((await gql(url, ROSTER, {}, tok)).data!.advisors as Array<{ id: string; name: string }>).find((a) => a.id === id)?.name;

  it.skipIf(!hasPg15())('the roster: a caller reads their own write on the primary, another the standby, and nobody a standby behind READ_MAX_LAG_MS (needs PostgreSQL 15)', async () => {
    const s = await standbyServer(6_000);
    try {
      const [a, b] = [await operator('op-a'), await operator('op-b')];
      const created = await gql(s.server.url, 'mutation { createAdvisor(input: { consulateId: "losangeles", name: "Ana", kind: PALE_LAWYER }) { id } }', {}, a);
      expect(created.errors).toBeUndefined();
      const id = (created.data as { createAdvisor: { id: string } }).createAdvisor.id;
      await s.caughtUp();
      expect(await nameIn(s.server.url, b, id)).toBe('Ana');

      await s.reader.query('select pg_wal_replay_pause()');
      const renamed = await gql(s.server.url, `mutation { updateAdvisor(id: "${id}", input: { name: "Ana Ruiz" }) { id } }`, {}, a);
      expect(renamed.errors).toBeUndefined();
      // The writer sees their write at once (primary); another operator is served by the frozen standby.
      expect(await nameIn(s.server.url, a, id)).toBe('Ana Ruiz');
      expect(await nameIn(s.server.url, b, id)).toBe('Ana');
      // Past the bound the standby is no longer read, for anyone: the lag a reader sees is bounded.
      await eventually(async () => expect(await nameIn(s.server.url, b, id)).toBe('Ana Ruiz'), 20_000);
    } finally {
      await s.close();
    }
  }, 120_000);

  it.skipIf(!hasPg15())("the console's load: from the standby only when it holds the cursor read first, else from the primary; a malformed cursor is refused (needs PostgreSQL 15)", async () => {
    const s = await standbyServer(60_000);
    try {
      const sup = await token({ role: 'SUPERVISOR', sub: 'sup-load' });
      const STATS = '{ dispatchStats { countsByStatus { status count } } }';
      const total = async () => ((await gql(s.server.url, STATS, {}, sup)).data!.dispatchStats.countsByStatus as Array<{ count: number }>).reduce((n, c) => n + c.count, 0);
      const counted = await total();
      const before = (await gql(s.server.url, '{ eventsCursor }', {}, sup)).data!.eventsCursor as string;
      await s.reader.query('select pg_wal_replay_pause()');
      const r = await gql(s.server.url, 'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }', { i: { location: { lat: 34.05, lon: -118.25 }, idempotencyKey: randomUUID() } }, await personToken(randomUUID()));
      expect(r.errors).toBeUndefined();
      const id = (r.data as { raiseAlert: { id: string } }).raiseAlert.id;
      const after = (await gql(s.server.url, '{ eventsCursor }', {}, sup)).data!.eventsCursor as string;
      expect(Number(after)).toBeGreaterThan(Number(before));

      const LOAD = 'query($c: String) { alerts(consistentWith: $c) { id } }';
      const ids = async (c: string | null) => ((await gql(s.server.url, LOAD, { c }, sup)).data!.alerts as Array<{ id: string }>).map((x) => x.id);
      // The cursor read after the raise is past the frozen standby: the primary answers, with the alert.
      expect(await ids(after)).toContain(id);
      // Without a cursor (an older console) only the primary is sure to be as new: the alert is there.
      expect(await ids(null)).toContain(id);
      // A cursor the standby holds: the standby answers (it has not replayed the raise), and the stream from
      // that cursor would bring the raise: consistent, and the primary spared.
      expect(await ids(before)).not.toContain(id);
      // Statistics tolerate the lag: the frozen standby answers, without the raise.
      expect(await total()).toBe(counted);
      await s.reader.query('select pg_wal_replay_resume()');
      await eventually(async () => expect(await total()).toBe(counted + 1), 20_000);

      const bad = await gql(s.server.url, LOAD, { c: '12; drop' }, sup);
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await s.close();
    }
  }, 120_000);
});
