import { describe, expect, it } from 'vitest';
import { checkToken, decodeClaims } from './session';

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: object) => `${b64url({ alg: 'HS256' })}.${b64url(payload)}.signature`;
const later = Math.floor(Date.now() / 1000) + 3600;

describe('decodeClaims', () => {
  it('reads role, subject, consulate and expiry from the payload', () => {
    expect(decodeClaims(jwt({ role: 'OPERATOR', sub: 'op-1', consulateId: 'losangeles', exp: later }))).toEqual({
      role: 'OPERATOR',
      sub: 'op-1',
      consulateId: 'losangeles',
      exp: later,
    });
  });

  it('decodes non-ASCII payloads (base64url of UTF-8)', () => {
    expect(decodeClaims(jwt({ role: 'SUPERVISOR', sub: 'señora-ñ', exp: later }))?.sub).toBe('señora-ñ');
  });

  it('rejects garbage, missing roles and unknown roles', () => {
    expect(decodeClaims('not-a-jwt')).toBeNull();
    expect(decodeClaims('a.%%%.c')).toBeNull();
    expect(decodeClaims(jwt({ sub: 'x', exp: later }))).toBeNull();
    expect(decodeClaims(jwt({ role: 'ADMIN', sub: 'x', exp: later }))).toBeNull();
  });
});

describe('checkToken', () => {
  it('accepts operators and supervisors', () => {
    expect(checkToken(jwt({ role: 'OPERATOR', sub: 'a', consulateId: 'x', exp: later }))).toHaveProperty('session');
    expect(checkToken(jwt({ role: 'SUPERVISOR', sub: 'a', exp: later }))).toHaveProperty('session');
  });
  it('explains why a token cannot be used', () => {
    expect(checkToken('nope')).toEqual({ problem: 'invalid' });
    expect(checkToken(jwt({ role: 'OPERATOR', sub: 'a', exp: 10 }))).toEqual({ problem: 'expired' });
    expect(checkToken(jwt({ role: 'PERSON', sub: 'a', exp: later }))).toEqual({ problem: 'role' });
  });
});
