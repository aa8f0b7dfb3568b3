import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { gql, operatorToken, serverFixture, testConfig } from './support/server.js';
import { loadConfig } from '../src/config.js';
import { verifyToken } from '../src/auth/jwt.js';
import { devSignIn } from '../src/http/devSignIn.js';

/**
 * The development sign-in: a token for a seeded consulate's operator, a supervisor or an active advisor, only
 * when enabled (never in production), only to this machine, only for consulates that exist.
 */
const CREATE_ADVISOR = 'mutation($i: CreateAdvisorInput!){ createAdvisor(input: $i){ id } }';
const signIn = (url: string, body: unknown) =>
  fetch(`${url}/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('DEV_SIGN_IN configuration', () => {
  const base = { AUTH_JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/nonexistent' };
  it('is off with a configured secret, on only when asked, and refused in production', () => {
    expect(loadConfig({ ...base }).devSignIn).toBe(false);
    expect(loadConfig({ ...base, DEV_SIGN_IN: 'true' }).devSignIn).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).devSignIn).toBe(false);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', DEV_SIGN_IN: 'true' })).toThrow(/DEV_SIGN_IN/);
    expect(() => loadConfig({ ...base, DEV_SIGN_IN: 'yes' })).toThrow(/DEV_SIGN_IN must be true or false/);
  });
});

describe.each(backends())('POST /dev/sign-in on %s', (backend) => {
  const on = serverFixture(backend, { devSignIn: true });
  const off = serverFixture(backend);

  it('signs an OPERATOR token for a seeded consulate and a SUPERVISOR token, both verifiable', async () => {
    const op = await signIn(on.server.url, { role: 'OPERATOR', consulateId: 'losangeles' });
    expect(op.status).toBe(200);
    const v = await verifyToken(((await op.json()) as { token: string }).token, testConfig().jwt);
    expect(v).toMatchObject({ role: 'OPERATOR', consulateId: 'losangeles' });
    const sup = await signIn(on.server.url, { role: 'SUPERVISOR' });
    expect((await verifyToken(((await sup.json()) as { token: string }).token, testConfig().jwt)).role).toBe('SUPERVISOR');
    const cfg = (await (await fetch(`${on.server.url}/app-config.json`)).json()) as { devSignIn: boolean };
    expect(cfg.devSignIn).toBe(true);
  });

  it.each([
    ['an unknown consulate', { role: 'OPERATOR', consulateId: 'atlantis' }],
    ['an OPERATOR without a consulate', { role: 'OPERATOR' }],
    ['an ADVISOR without an advisor', { role: 'ADVISOR', consulateId: 'losangeles' }],
    ['an ADVISOR that is not a UUID', { role: 'ADVISOR', advisorId: "1' or '1'='1" }],
    ['an ADVISOR that does not exist', { role: 'ADVISOR', advisorId: '00000000-0000-4000-8000-000000000000' }],
    ['a PERSON', { role: 'PERSON' }],
  ])('refuses %s with 400 and no token', async (_name, body) => {
    const r = await signIn(on.server.url, body);
    expect(r.status).toBe(400);
    expect(JSON.stringify(await r.json())).not.toMatch(/token"/);
  });

  it('signs an ADVISOR token for an active advisor (the /officer page picks one), and refuses a deactivated one', async () => {
    const op = await operatorToken('losangeles');
    const made = await gql<{ createAdvisor: { id: string } }>(on.server.url, CREATE_ADVISOR, { i: { consulateId: 'losangeles', name: 'Asesor Dev', kind: 'PALE_LAWYER' } }, op);
    const advisorId = made.data!.createAdvisor.id;
    const r = await signIn(on.server.url, { role: 'ADVISOR', advisorId });
    expect(r.status).toBe(200);
    const v = await verifyToken(((await r.json()) as { token: string }).token, testConfig().jwt);
    expect(v).toMatchObject({ role: 'ADVISOR', advisorId });
    expect(v.consulateId).toBeUndefined();
    await gql(on.server.url, 'mutation($id: ID!){ deactivateAdvisor(id: $id){ id } }', { id: advisorId }, op);
    const gone = await signIn(on.server.url, { role: 'ADVISOR', advisorId });
    expect(gone.status).toBe(400);
    expect(JSON.stringify(await gone.json())).not.toMatch(/token"/);
  });

  it('does not exist when disabled (the default with a configured secret)', async () => {
    const r = await signIn(off.server.url, { role: 'SUPERVISOR' });
    expect(r.status).not.toBe(200);
    expect(await r.text()).not.toMatch(/"token"/);
    const cfg = (await (await fetch(`${off.server.url}/app-config.json`)).json()) as { devSignIn: boolean };
    expect(cfg.devSignIn).toBe(false);
  });
});

describe('the dev sign-in handler', () => {
  it('answers 403 to anyone but this machine', async () => {
    let status = 0;
    let body: unknown;
    const res = { status: (s: number) => ((status = s), res), json: (b: unknown) => ((body = b), res) };
    const db = { query: () => { throw new Error('must not be reached'); } };
    await devSignIn(db as never, testConfig().jwt)({ socket: { remoteAddress: '192.168.1.20' }, body: { role: 'SUPERVISOR' } } as never, res as never);
    expect(status).toBe(403);
    expect(JSON.stringify(body)).not.toMatch(/token"/);
  });
});
