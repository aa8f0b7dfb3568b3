import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPglite } from '../src/db/pglite.js';
import type { Db } from '../src/db/types.js';
import { runRetention } from '../src/services/retention.js';
import { cloneTestDb, type TestDb } from './support/db.js';
import { gql, startTestServer } from './support/server.js';
import type { RunningServer } from '../src/http/server.js';

/**
 * Deleted means gone from disk (docs/SECURITY.md, Privacy): after deleteMyData and the retention purge, a
 * name, a phone number, a note and the precise coordinates written by a person are in none of the
 * database's files, though they were before (dead row versions and WAL records hold them otherwise).
 */
const REGISTER = `mutation($i: RegisterPersonInput!) { registerPerson(input: $i) { token } }`;
const RAISE = `mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }`;
const MOVE = `mutation($id: ID!, $l: LocationInput!) { updateAlertLocation(id: $id, location: $l) { id } }`;
const CANCEL = `mutation($id: ID!) { cancelAlert(id: $id, pin: "1234") { id } }`;

/** Every file under `dir` that contains one of `needles` (by name of the needle). */
function filesHolding(dir: string, needles: Record<string, Buffer>): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      let st;
      try {
        st = statSync(path);
      } catch {
        continue; // removed meanwhile (a WAL segment, a temporary file)
      }
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        const bytes = readFileSync(path);
        for (const [k, n] of Object.entries(needles)) if (bytes.includes(n)) (found[k] ??= []).push(path);
      }
    }
  };
  walk(dir);
  return found;
}

/** Unique values written through the API, and the bytes each is stored as. */
function markers() {
  const tag = randomUUID().replaceAll('-', '').slice(0, 16);
  const phone = `+1 555 ${randomInt(1_000_000, 9_999_999)}`;
  const lon = -118.2437 - randomInt(1, 999_999) / 1e7;
  const lat = 34.0522 + randomInt(1, 999_999) / 1e7;
  const f64 = (x: number) => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(x);
    return b;
  };
  return {
    values: { name: `Nombre${tag}`, note: `Nota${tag}`, phone, lon, lat },
    needles: { name: Buffer.from(`Nombre${tag}`), note: Buffer.from(`Nota${tag}`), phone: Buffer.from(phone), lon: f64(lon), lat: f64(lat) },
  };
}

/** Writes the markers the way a person would: registered, an alert with a note, moving, cancelled. */
async function writeAndErase(server: RunningServer, db: Db, dataDir: string, m: ReturnType<typeof markers>) {
  const { name, note, phone, lon, lat } = m.values;
  const reg = await gql(server.url, REGISTER, { i: { displayName: name, trustedContacts: [{ name: 'Tía', phone }], cancelPin: '1234', duressPin: '9999' } });
  const tok = reg.data!.registerPerson.token as string;
  const id = (await gql(server.url, RAISE, { i: { location: { lon, lat }, idempotencyKey: randomUUID(), note } }, tok)).data!.raiseAlert.id;
  await gql(server.url, MOVE, { id, l: { lon, lat } }, tok);
  expect((await gql(server.url, CANCEL, { id }, tok)).errors).toBeUndefined();
  await db.exec('checkpoint');
  // The test can see them: every marker is on disk before the erasure, except the contact's number, which
  // never reaches the disk in clear (sealed in the profile, migration 0017; docs/SMS.md).
  expect(Object.keys(filesHolding(dataDir, m.needles)).sort()).toEqual(['lat', 'lon', 'name', 'note']);

  expect((await gql(server.url, 'mutation { deleteMyData }', {}, tok)).data).toEqual({ deleteMyData: true });
  await runRetention(db, 0);
}

const pgliteTemplate = inject('pgliteTemplate');
describe.skipIf(!pgliteTemplate)('the embedded database, with its data directory on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alerta-erasure-'));
  let db: Db;
  let server: RunningServer;
  beforeAll(async () => {
    db = await openPglite({ dataDir: dir, loadDataDir: new Blob([readFileSync(pgliteTemplate!)]) });
    server = await startTestServer(db, {});
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after deleteMyData and the retention purge, no file (tables, indexes, WAL) holds the name, phone, note or coordinates', async () => {
    const m = markers();
    await writeAndErase(server, db, dir, m);
    expect(filesHolding(dir, m.needles)).toEqual({});
  }, 120_000);
});

const pgTemplate = inject('pgTemplate');
describe.skipIf(!pgTemplate)('PostgreSQL, when its data directory is on this machine and readable', () => {
  let t: TestDb;
  let server: RunningServer;
  let dataDir: string | null = null;
  beforeAll(async () => {
    t = await cloneTestDb('postgres');
    server = await startTestServer(t.db, {});
    const d = (await t.db.query<{ d: string }>('select current_setting($1) as d', ['data_directory'])).rows[0]!.d;
    const oid = (await t.db.query<{ oid: number }>('select oid from pg_database where datname = current_database()')).rows[0]!.oid;
    try {
      statSync(join(d, 'base', String(oid)));
      dataDir = join(d, 'base', String(oid));
    } catch {
      dataDir = null;
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  // The database's own files only: the server's WAL is shared with every other database of the cluster and
  // recycled by its own settings (docs/SECURITY.md says what it and backups hold).
  it('after deleteMyData and the retention purge, no file of the database holds the name, phone, note or coordinates (skipped when the data directory is not readable here)', async (ctx) => {
    if (!dataDir) return ctx.skip();
    const m = markers();
    await writeAndErase(server, t.db, dataDir, m);
    expect(filesHolding(dataDir, m.needles)).toEqual({});
  }, 120_000);
});
