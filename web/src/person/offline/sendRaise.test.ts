import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RAISE_HASH, raiseRequestBody, readRaiseAnswer, sendRaise } from './sendRaise';
import { smsHref, smsText } from './sms';
import type { QueuedRaise } from './queue';

const manifest = JSON.parse(readFileSync(new URL('../../gql/persisted-documents.json', import.meta.url), 'utf8')) as Record<string, string>;
const raise: QueuedRaise = { idempotencyKey: 'k-1', location: { lat: 34.05, lon: -118.25, accuracyM: 50_000 }, note: 'Sin GPS', at: 1, token: 'tok', state: 'queued' };

describe('sending a queued raise', () => {
  it('names the safelisted PersonRaiseAlert by its hash, with the same input every time', () => {
    expect(manifest[`sha256:${RAISE_HASH}`]).toMatch(/^mutation PersonRaiseAlert\(\$input: RaiseAlertInput!\)/);
    const body = JSON.parse(raiseRequestBody(raise));
    expect(body).toEqual({
      operationName: 'PersonRaiseAlert',
      variables: { input: { location: raise.location, idempotencyKey: 'k-1', note: 'Sin GPS' } },
      extensions: { persistedQuery: { version: 1, sha256Hash: RAISE_HASH } },
    });
    expect(raiseRequestBody({ ...raise, state: 'sent' })).toBe(raiseRequestBody(raise));
  });

  it('reads answers: the alert, the server code, or what the transport did', () => {
    expect(readRaiseAnswer(200, { data: { raiseAlert: { id: 'a1' } } })).toEqual({ ok: true, alertId: 'a1' });
    expect(readRaiseAnswer(200, { data: null, errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] })).toEqual({ ok: false, code: 'BAD_USER_INPUT' });
    expect(readRaiseAnswer(401, null)).toEqual({ ok: false, code: 'UNAUTHENTICATED' });
    expect(readRaiseAnswer(502, null)).toEqual({ ok: false, code: 'SERVICE_UNAVAILABLE' });
    // A captive portal's page: not our answer, try again later.
    expect(readRaiseAnswer(200, null)).toEqual({ ok: false, code: 'UNKNOWN' });
  });

  it('sends with the token, and a failed fetch is NETWORK', async () => {
    let seen: RequestInit | undefined;
    const ok = await sendRaise(raise, (async (_url: string, init: RequestInit) => {
      seen = init;
      return new Response(JSON.stringify({ data: { raiseAlert: { id: 'a1' } } }), { status: 200 });
    }) as typeof fetch);
    expect(ok).toEqual({ ok: true, alertId: 'a1' });
    expect((seen!.headers as Record<string, string>).authorization).toBe('Bearer tok');
    expect(await sendRaise(raise, (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch)).toEqual({ ok: false, code: 'NETWORK' });
  });
});

describe('the SMS link', () => {
  it('prefills ALERTA and the place when known, to a valid number only', () => {
    expect(smsText(null)).toBe('ALERTA');
    expect(smsText('  Los Angeles,   CA ')).toBe('ALERTA Los Angeles, CA');
    expect(smsHref('+15555550123', 'ALERTA 90012')).toBe('sms:+15555550123?body=ALERTA%2090012');
    expect(smsHref('24365', 'ALERTA')).toBe('sms:24365?body=ALERTA');
    expect(smsHref(null, 'ALERTA')).toBeNull();
    expect(smsHref('javascript:alert(1)', 'ALERTA')).toBeNull();
  });
});
