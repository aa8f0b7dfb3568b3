import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { signToken, verifyToken, type JwtConfig } from '../src/auth/jwt.js';
import { loadConfig } from '../src/config.js';

/** A stand-in identity provider on loopback: publishes its JWKS, signs operator logins with RS256. */
describe('operator logins verified against an identity provider (JWKS)', () => {
  let server: Server;
  let cfg: JwtConfig;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  const secret = 'a-local-secret-that-is-at-least-32-characters';

  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cfg = { secret, issuer: 'https://idp.example', audience: 'alerta', jwks: {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, roles: ['OPERATOR', 'SUPERVISOR'],
      issuer: 'https://idp.example', audience: 'alerta',
    } };
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const idpToken = (claims: Record<string, unknown>, key = keys.privateKey, iss: string | null = 'https://idp.example', aud: string | null = 'alerta') => {
    let t = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('ana@consulmex').setExpirationTime('1h');
    if (iss !== null) t = t.setIssuer(iss);
    if (aud !== null) t = t.setAudience(aud);
    return t.sign(key);
  };

  it('accepts an operator token signed by the provider, with its consulate claim', async () => {
    const v = await verifyToken(await idpToken({ role: 'OPERATOR', consulateId: 'losangeles' }), cfg);
    expect(v).toMatchObject({ role: 'OPERATOR', consulateId: 'losangeles', sub: 'ana@consulmex' });
  });

  it('refuses roles the provider may not grant, other issuers and other keys', async () => {
    await expect(verifyToken(await idpToken({ role: 'PERSON' }), cfg)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifyToken(await idpToken({ role: 'OPERATOR', consulateId: 'x' }, keys.privateKey, 'https://evil.example'), cfg)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const other = await generateKeyPair('RS256');
    await expect(verifyToken(await idpToken({ role: 'SUPERVISOR' }, other.privateKey), cfg)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses provider tokens for another audience, or without issuer or audience', async () => {
    const op = { role: 'OPERATOR', consulateId: 'losangeles' };
    for (const t of [await idpToken(op, keys.privateKey, 'https://idp.example', 'another-app'), await idpToken(op, keys.privateKey, null), await idpToken(op, keys.privateKey, 'https://idp.example', null)])
      await expect(verifyToken(t, cfg)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // The provider's issuer and audience hold for its tokens even where the service's own ones are unchecked.
    const ownUnchecked: JwtConfig = { secret, jwks: cfg.jwks! };
    await expect(verifyToken(await idpToken(op, keys.privateKey, 'https://idp.example', 'another-app'), ownUnchecked)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await verifyToken(await idpToken(op), ownUnchecked)).consulateId).toBe('losangeles');
  });

  it('AUTH_JWKS_URL without AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE refuses to start, saying why', () => {
    const base = { NODE_ENV: 'production', AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: cfg.jwks!.url };
    for (const env of [base, { ...base, AUTH_JWT_ISSUER: 'https://idp.example' }, { ...base, AUTH_JWT_AUDIENCE: 'alerta' }])
      expect(() => loadConfig(env)).toThrow(/AUTH_JWKS_URL needs AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE/);
    expect(() => loadConfig({ ...base, AUTH_JWT_ISSUER: 'https://idp.example', AUTH_JWT_AUDIENCE: 'alerta', AUTH_JWKS_ROLES: 'OPERATOR,PERSN' })).toThrow(/AUTH_JWKS_ROLES/);
    const ok = loadConfig({ ...base, AUTH_JWT_ISSUER: 'https://idp.example', AUTH_JWT_AUDIENCE: 'alerta' });
    expect(ok.jwt.jwks).toMatchObject({ issuer: 'https://idp.example', audience: 'alerta', roles: ['OPERATOR', 'SUPERVISOR'] });
  });

  it('still verifies the service’s own HS256 tokens with the secret', async () => {
    const own = await signToken({ role: 'PERSON', sub: 'p1' }, cfg);
    expect((await verifyToken(own, cfg)).role).toBe('PERSON');
  });
});
