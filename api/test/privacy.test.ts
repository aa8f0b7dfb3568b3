import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { backends } from './support/db.js';
import { collect, eventually, gql, operatorToken, personToken, serverFixture, supervisorToken, testConfig, token, wsClient } from './support/server.js';

const RAISE = `mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id status flags } }`;
const LA = { lat: 34.0522, lon: -118.2437 };
const REGISTER = `mutation($i: RegisterPersonInput!) { registerPerson(input: $i) { token person { id } } }`;

describe.each(backends())('privacy and abuse limits on %s', (backend) => {
  const base = testConfig();
  const f = serverFixture(backend, {
    privacy: { ...base.privacy, retentionDays: 0, retentionSweepMs: 200, registrationsPerHour: 3, connectionsPerToken: 2 },
  });

  it('flags the sixth raise in 10 minutes RATE_LIMITED and holds it for verification, never dropping it', async () => {
    const p = await personToken(randomUUID());
    const results = [];
    for (let i = 0; i < 6; i++) results.push((await gql(f.server.url, RAISE, { i: { location: LA, idempotencyKey: `r${i}` } }, p)).data!.raiseAlert);
    expect(results.slice(0, 5).every((a) => !a.flags.includes('RATE_LIMITED'))).toBe(true);
    expect(results[5]).toMatchObject({ status: 'ESCALATED', flags: ['RATE_LIMITED'] });
    const seen = await gql(f.server.url, `query($id: ID!) { alert(id: $id) { flags status events { type note } } }`, { id: results[5].id }, await operatorToken('losangeles'));
    expect(seen.data!.alert.flags).toEqual(['RATE_LIMITED']);
    expect(seen.data!.alert.events.map((e: { type: string }) => e.type)).toEqual(['RAISED', 'ESCALATED']);
  });

  it('flags an alert from outside every district OUTSIDE_COVERAGE (routed to CIAM)', async () => {
    const r = await gql(f.server.url, RAISE, { i: { location: { lat: 40.4168, lon: -3.7038 }, idempotencyKey: 'madrid' } }, await personToken(randomUUID()));
    expect(r.data!.raiseAlert.flags).toEqual(['OUTSIDE_COVERAGE']);
  });

  it('limits registrations per address, writing nothing when refused', async () => {
    const count = async () => (await f.t.db.query<{ n: number }>('select count(*)::int as n from persons')).rows[0]!.n;
    const input = { cancelPin: '1234', duressPin: '9876' };
    const before = await count();
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await gql(f.server.url, REGISTER, { i: input })).errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);
    expect(await count()).toBe(before + 3);
  });

  it('limits open connections per token', async () => {
    const t = await supervisorToken();
    const open = () => new Promise<number | 'open'>((resolve) => {
      const ws = new WebSocket(f.server.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${t}` } })));
      ws.on('message', (m) => JSON.parse(String(m)).type === 'connection_ack' && resolve('open'));
      ws.on('close', (code) => resolve(code));
    });
    expect(await open()).toBe('open');
    expect(await open()).toBe('open');
    expect(await open()).toBe(4403);
    // Another token is unaffected.
    const other = wsClient(f.server.url, await operatorToken('losangeles'));
    const listening = f.server.hub.listenerCount;
    const s = collect(other, 'subscription { alertEvents { cursor } }');
    await eventually(() => expect(f.server.hub.listenerCount).toBeGreaterThan(listening)); // its subscription is live
    expect(s.errors).toEqual([]);
    await other.dispose();
  });

  it('after resolution and retention, the location is coarsened and the track, note and person link are gone', async () => {
    const person = randomUUID();
    const p = await personToken(person);
    const open = (await gql(f.server.url, RAISE, { i: { location: LA, idempotencyKey: 'keep', note: 'abierta' } }, p)).data!.raiseAlert.id;
    const closed = (await gql(f.server.url, RAISE, { i: { location: LA, idempotencyKey: 'gone', note: 'cerrada' } }, p)).data!.raiseAlert.id;
    const op = await operatorToken('losangeles');
    await gql(f.server.url, `mutation($id: ID!) { resolveAlert(id: $id, disposition: FALSE_ALARM, note: "nota") { id } }`, { id: closed }, op);
    const row = async (id: string) => (await f.t.db.query<{ lon: number; lat: number; note: string | null; person_id: string; purged_at: Date | null; track: number }>(
      `select ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat, note, person_id, purged_at,
              (select count(*)::int from alert_track t where t.alert_id = a.id) as track from alerts a where id = $1`, [id])).rows[0]!;
    await eventually(async () => expect((await row(closed)).purged_at).not.toBeNull(), 5_000);
    const gone = await row(closed);
    expect(gone).toMatchObject({ note: null, person_id: `purged:${closed}`, track: 0 });
    expect(gone.lon).toBeCloseTo(-118.245, 6); // the centre of its 0.01° cell, not the point
    expect(gone.lat).toBeCloseTo(34.055, 6);
    const kept = await row(open);
    expect(kept).toMatchObject({ note: 'abierta', person_id: person, purged_at: null });
    expect(kept.lon).toBeCloseTo(LA.lon, 6);
    const seen = await gql(f.server.url, `query($id: ID!) { alert(id: $id) { location { precise } } }`, { id: closed }, op);
    expect(seen.data!.alert.location.precise).toBe(false);
  });

  it('deleteMyData is refused (ALERT_OPEN) while an alert is open, changing nothing; once closed it removes identity and coarsens closed alerts', async () => {
    // Registered directly: this file's registration limit is used up by the test above.
    const id = randomUUID();
    await f.t.db.query(`insert into persons (id, display_name, trusted_contacts) values ($1, 'Rosa', '[{"name":"Tía","phoneEnc":"v1.sealed-by-the-server"}]')`, [id]);
    const p = await personToken(id);
    const me = async () => (await gql(f.server.url, '{ me { displayName trustedContacts { name } } }', {}, p)).data!.me;
    const open = (await gql(f.server.url, RAISE, { i: { location: LA, idempotencyKey: 'o' } }, p)).data!.raiseAlert.id;
    const done = (await gql(f.server.url, RAISE, { i: { location: LA, idempotencyKey: 'd' } }, p)).data!.raiseAlert.id;
    await f.t.db.query(`update alerts set status = 'CANCELLED', closed_at = now() where id = $1`, [done]);
    expect(await me()).toEqual({ displayName: 'Rosa', trustedContacts: [{ name: 'Tía' }] });
    const refused = await gql(f.server.url, 'mutation { deleteMyData }', {}, p);
    expect(refused.errors?.[0]?.extensions?.code).toBe('ALERT_OPEN');
    expect(await me()).toEqual({ displayName: 'Rosa', trustedContacts: [{ name: 'Tía' }] });
    const purged = async () => Object.fromEntries((await f.t.db.query<{ id: string; purged: boolean }>(`select id, purged_at is not null as purged from alerts where id = any($1::uuid[])`, [[open, done]])).rows.map((r) => [r.id, r.purged]));
    // The open one untouched (the closed one may already be gone: this file sweeps retention at 0 days every 200 ms).
    expect((await purged())[open]).toBe(false);

    // The control room closes the open one; now the person's data goes.
    await gql(f.server.url, `mutation($id: ID!) { resolveAlert(id: $id, disposition: FALSE_ALARM) { id } }`, { id: open }, await operatorToken('losangeles'));
    expect((await gql(f.server.url, 'mutation { deleteMyData }', {}, p)).data!.deleteMyData).toBe(true);
    const erased = await f.t.db.query(`select display_name, trusted_contacts, cancel_pin_hash from persons where id = $1`, [id]);
    expect(erased.rows[0]).toEqual({ display_name: null, trusted_contacts: [], cancel_pin_hash: null });
    expect(await me()).toBeNull();
    expect(await purged()).toEqual({ [open]: true, [done]: true });
  });

  it('audits every precise location read, by whom; the log is append-only and only supervisors read it', async () => {
    const id = (await gql(f.server.url, RAISE, { i: { location: LA, idempotencyKey: 'audit' } }, await personToken(randomUUID()))).data!.raiseAlert.id;
    const op = await token({ role: 'OPERATOR', sub: 'operadora-7', consulateId: 'losangeles' });
    await gql(f.server.url, `query($id: ID!) { alert(id: $id) { location { lat } } }`, { id }, op);
    const Q = `query($s: String) { auditLog(subjectId: $s) { actorRole actorId action subjectType subjectId } }`;
    await eventually(async () => {
      const log = (await gql(f.server.url, Q, { s: id }, await supervisorToken())).data!.auditLog;
      expect(log).toContainEqual({ actorRole: 'OPERATOR', actorId: 'operadora-7', action: 'READ_PRECISE_LOCATION', subjectType: 'alert', subjectId: id });
    });
    expect((await gql(f.server.url, Q, { s: id }, op)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await expect(f.t.db.query(`delete from audit_log where subject_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(f.t.db.query(`update audit_log set actor_id = 'x' where subject_id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it('updateProfile changes the language and replaces PINs only as a valid pair', async () => {
    const p = await personToken(randomUUID());
    // A person known only by token has no profile to update.
    expect((await gql(f.server.url, 'mutation { updateProfile(input: { preferredLanguage: "mix" }) { id } }', {}, p)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await f.t.db.query(`insert into persons (id) values ($1)`, [JSON.parse(Buffer.from(p.split('.')[1]!, 'base64url').toString()).sub]);
    const ok = await gql(f.server.url, 'mutation { updateProfile(input: { preferredLanguage: "mix" }) { preferredLanguage } }', {}, p);
    expect(ok.data!.updateProfile.preferredLanguage).toBe('mix');
    const half = await gql(f.server.url, 'mutation { updateProfile(input: { cancelPin: "1234" }) { id } }', {}, p);
    expect(half.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'duressPin' });
    const same = await gql(f.server.url, 'mutation { updateProfile(input: { cancelPin: "1234", duressPin: "1234" }) { id } }', {}, p);
    expect(same.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
