import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { lastLogLine, startProcess, stopProcess } from './support/process.js';
import { collect, eventually, gql, operatorToken, personToken, wsClient } from './support/server.js';
import { raiseBody, raiseByHash, rawPost, type RawAnswer } from './support/shutdown.js';

describe.each(backends())('the server process on %s', (backend) => {
  let t: TestDb | null = null;
  let dataDir: string | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (backend === 'postgres') {
      t = await cloneTestDb('postgres');
      env = { DATABASE_URL: t.url! };
    } else {
      // A persisted embedded database made from the seeded template: a warm start, as on a second `npm start`.
      dataDir = mkdtempSync(join(tmpdir(), 'alerta-proc-'));
      const db = await PGlite.create({
        dataDir: join(dataDir, 'pglite'),
        loadDataDir: new Blob([readFileSync(inject('pgliteTemplate')!)]),
        extensions: { postgis },
      });
      await db.close();
      env = { DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    await t?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves, then on SIGTERM drains WebSockets, closes the database and exits 0; its logs hold no coordinates, tokens or notes', async () => {
    const p = startProcess(env);
    const url = await p.url;
    const opToken = await operatorToken('losangeles');
    const client = wsClient(url, opToken);
    let closeCode = 0;
    client.on('closed', (e) => (closeCode = (e as { code: number }).code));
    const sub = collect(client, 'subscription { alertEvents { cursor type } }');
    const person = await personToken(randomUUID());
    const secretNote = `nota-${randomUUID()}`;
    // Raise until the subscription is live (the first raise may land before it is registered).
    await eventually(async () => {
      const r = await gql(url, 'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }',
        { i: { location: { lat: 34.0611, lon: -118.2467 }, idempotencyKey: randomUUID(), note: secretNote } }, person);
      expect(r.errors).toBeUndefined();
      expect(sub.events.length).toBeGreaterThan(0);
    }, 15_000);

    const exited = new Promise<number | null>((r) => p.child.on('exit', (code) => r(code)));
    p.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await eventually(() => expect(closeCode).toBe(1001));
    const log = p.output();
    expect(log).toContain('"event":"server.stopped"');
    for (const secret of ['34.0611', '-118.2467', opToken, person, secretNote]) expect(log).not.toContain(secret);
    await client.dispose();
  });

  it('as `npm start` on a development machine, says where the console, the person\'s page and the officer\'s page are', async () => {
    const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'alerta-proc-'));
    const p = startProcess({ ...env, DATA_DIR: dir, NODE_ENV: 'development', AUTH_JWT_SECRET: '' });
    try {
      const url = await p.url;
      await eventually(() => expect(p.output()).toContain(`Field officer's page   ${url}/officer`));
      const out = p.output();
      expect(out).toContain(`Control room console   ${url}/`);
      expect(out).toContain('pick a seeded operator (development sign-in)');
      expect(out).toContain(`Person's alert page    ${url}/alert `);
      expect(out).toContain('npm run token -- --role OPERATOR --consulate losangeles');
    } finally {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        const exited = new Promise((r) => p.child.on('exit', r));
        p.child.kill('SIGTERM');
        await exited;
      }
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start in production without AUTH_JWT_SECRET, saying why', async () => {
    const p = startProcess({ ...env, NODE_ENV: 'production', AUTH_JWT_SECRET: '' });
    await expect(p.url).rejects.toThrow(/AUTH_JWT_SECRET/);
  });

  it('refuses to start in production while active demo advisors are present, saying what to do (issue 17.5)', async () => {
    const p = startProcess({ ...env, NODE_ENV: 'production' });
    const err = await p.url.then(() => null, (e: unknown) => e as Error);
    p.child.kill('SIGKILL'); // only if it did start
    expect(err?.message).toMatch(/exited early with 1/);
    expect(p.output()).toMatch(/424 active fictional demo advisors[^\n]*--remove-demo[^\n]*ALLOW_DEMO_DATA=1/);
  });

  it('in production, run as `npm start` runs it: SIGTERM drains, closes WebSockets with 1001, exits 0 and logs server.stopped with the counts (issue 22)', async () => {
    const p = startProcess({ ...env, NODE_ENV: 'production', ALLOW_DEMO_DATA: '1' }, { npmStart: true });
    const url = await p.url;
    const client = wsClient(url, await operatorToken('losangeles'));
    let closeCode = 0;
    client.on('closed', (e) => (closeCode = (e as { code: number }).code));
    const sub = collect(client, 'subscription { alertEvents { cursor type } }');
    const person = await personToken(randomUUID());
    // The phone's own safelisted document, by hash (production limits PERSON tokens to those).
    await eventually(async () => {
      const r = await raiseByHash(url, person, randomUUID());
      expect(r.status).toBe(200);
      expect(sub.events.length).toBeGreaterThan(0);
    }, 15_000);
    const t0 = Date.now();
    expect(await stopProcess(p.child)).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000); // nothing in flight: no grace period, no force timer
    expect(closeCode).toBe(1001);
    expect(lastLogLine(p.output(), 'server.stopped')).toMatchObject({ signal: 'SIGTERM', requestsCut: 0, webSocketsClosed: 1 });
    expect(p.output()).not.toContain('server.stop_timeout');
    await client.dispose();
  });
});

describe.skipIf(!backends().includes('postgres'))('SIGTERM with raises in flight (needs TEST_DATABASE_URL: a second process on the same database)', () => {
  let t: TestDb;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    t = await cloneTestDb('postgres');
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); // a failed run's leftovers
    await t?.dispose();
  });

  it('40 raises in flight when SIGTERM arrives: every one answers, none is reset, a retry resolves to the same alert; exit 0 (issue 22)', async () => {
    const env = { DATABASE_URL: t.url!, NODE_ENV: 'production', ALLOW_DEMO_DATA: '1' };
    const a = startProcess(env, { npmStart: true });
    const b = startProcess(env, { npmStart: true });
    children.push(a.child, b.child);
    const [urlA, urlB] = await Promise.all([a.url, b.url]);
    const phones = await Promise.all(Array.from({ length: 40 }, async () => {
      const personId = randomUUID();
      return { personId, token: await personToken(personId), key: randomUUID() };
    }));
    const sent = phones.map((ph) => rawPost(urlA, '/graphql', raiseBody(ph.key), { authorization: `Bearer ${ph.token}` }));
    await Promise.all(sent.map((s) => s.written));
    const exited = stopProcess(a.child);
    const answers = await Promise.allSettled(sent.map((s) => s.answer));

    const code = await exited;
    const stopped = lastLogLine(a.output(), 'server.stopped');
    // None reset mid-way: every request got an HTTP answer.
    expect(answers.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)), JSON.stringify(stopped)).toEqual([]);
    const ids: string[] = [];
    let retried = 0;
    for (const [i, r] of answers.entries()) {
      const body = JSON.parse((r as PromiseFulfilledResult<RawAnswer>).value.body) as { data?: { raiseAlert?: { id: string } }; errors?: unknown };
      let id = body.data?.raiseAlert?.id;
      if (!id) {
        // A retryable failure: the same key on the other process resolves to the one alert.
        retried++;
        const again = JSON.parse((await raiseByHash(urlB, phones[i]!.token, phones[i]!.key)).body) as typeof body;
        id = again.data?.raiseAlert?.id;
      }
      expect(id, JSON.stringify(body)).toBeTruthy();
      ids.push(id!);
    }
    expect(code).toBe(0);
    expect(stopped).toMatchObject({ requestsCut: 0 });
    expect(stopped!.requestsInFlight).toBeGreaterThan(0); // the signal did arrive with raises in flight
    console.log(`SIGTERM with 40 raises sent: ${String(stopped?.requestsInFlight)} in flight at the signal, ${String(stopped?.requestsAnswered)} answered while draining, ${retried} retried, stopped in ${String(stopped?.ms)} ms`);
    // Nothing lost, nothing doubled: one alert per phone, the one each was told about.
    const rows = await t.db.query<{ person_id: string; id: string }>('select person_id, id from alerts where person_id = any($1::text[])', [phones.map((p) => p.personId)]);
    expect(new Map(rows.rows.map((r) => [r.person_id, r.id]))).toEqual(new Map(phones.map((p, i) => [p.personId, ids[i]!])));
    expect(await stopProcess(b.child)).toBe(0);
  });
});
