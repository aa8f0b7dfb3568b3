import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { backends, cloneTestDb, type TestDb } from './support/db.js';
import { startProcess } from './support/process.js';
import { collect, eventually, gql, operatorToken, personToken, wsClient } from './support/server.js';

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
});
