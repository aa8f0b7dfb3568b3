import { afterEach, describe, expect, it, vi } from 'vitest';
import { signToken, verifyToken, type JwtConfig } from '../src/auth/jwt.js';

/**
 * Verified tokens are remembered per configuration (the location-ingest profile spent 17% of the
 * server's CPU verifying the same tokens again); a remembered token still expires on time, and a
 * configuration never accepts what another one verified.
 */
describe('verified-token memory', () => {
  afterEach(() => vi.useRealTimers());
  const cfg: JwtConfig = { secret: 's'.repeat(40) };

  it('answers a repeat with the same viewer, and a copy (callers cannot alter what is remembered)', async () => {
    const t = await signToken({ role: 'OPERATOR', sub: 'op-1', consulateId: 'losangeles' }, cfg);
    const a = await verifyToken(t, cfg);
    a.consulateId = 'sandiego';
    const b = await verifyToken(t, cfg);
    expect(b).toMatchObject({ role: 'OPERATOR', sub: 'op-1', consulateId: 'losangeles' });
  });

  it('refuses a remembered token once it has expired', async () => {
    const t = await signToken({ role: 'SUPERVISOR', sub: 'sup-x', ttlSeconds: 60 }, cfg);
    await verifyToken(t, cfg);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    await expect(verifyToken(t, cfg)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'token expired' });
    await expect(verifyToken(t, cfg)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('a token verified under one secret is not accepted under another', async () => {
    const t = await signToken({ role: 'SUPERVISOR', sub: 'sup-y' }, cfg);
    await verifyToken(t, cfg);
    await expect(verifyToken(t, { secret: 'o'.repeat(40) })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifyToken(t, { ...cfg, issuer: 'https://idp.example' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('does not remember failures: a forged token stays refused, the genuine one still passes', async () => {
    const t = await signToken({ role: 'SUPERVISOR', sub: 'sup-z' }, cfg);
    const forged = t.slice(0, -4) + (t.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expect(verifyToken(forged, cfg)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifyToken(forged, cfg)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await verifyToken(t, cfg)).sub).toBe('sup-z');
  });
});
