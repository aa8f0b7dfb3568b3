import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { normalisePhone, phoneVault } from '../src/sms/phoneVault.js';
import { CITY_ACCURACY_M, ZIP_ACCURACY_M, locate } from '../src/sms/zipLocator.js';
import { SmsSendError } from '../src/sms/sender.js';
import { twilioSender } from '../src/sms/twilioSender.js';

/** The SMS parts that need no database: the phone vault, the ZIP locator, the Twilio adapter's failures. */
describe('phone vault', () => {
  const vault = phoneVault('unit-test-key-that-is-long-enough-0123456');
  it('seals a number so only the key opens it, and its HMAC is stable and keyed', () => {
    const sealed = vault.seal('+13105550100');
    expect(sealed).not.toContain('3105550100');
    expect(sealed).not.toBe(vault.seal('+13105550100')); // a fresh IV each time
    expect(vault.open(sealed)).toBe('+13105550100');
    expect(() => phoneVault('another-key-that-is-long-enough-01234567').open(sealed)).toThrow();
    expect(vault.hmac('+13105550100')).toBe(vault.hmac('+13105550100'));
    expect(vault.hmac('+13105550100')).not.toBe(phoneVault('another-key-that-is-long-enough-01234567').hmac('+13105550100'));
  });
  it.each([
    ['+1 (310) 555-0100', '+13105550100'],
    ['310-555-0100', '+13105550100'],
    ['13105550100', '+13105550100'],
    ['+52 55 1234 5678', '+525512345678'],
    ['12345', null],
    ['+0123456789', null],
    ['call me', null],
  ])('normalises %j to %j', (raw, e164) => expect(normalisePhone(raw)).toBe(e164));
});

describe('ZIP locator (zipcodes 8.0.0)', () => {
  it('a ZIP code is its centroid with a ZIP-wide accuracy', () => {
    expect(locate({ kind: 'ZIP', zip: '90210' })).toEqual({ point: { lon: -118.4065, lat: 34.0901, accuracyM: ZIP_ACCURACY_M }, label: 'ZIP 90210' });
  });
  it('a city and state is the middle of its ZIP codes, coarser still', () => {
    const r = locate({ kind: 'CITY', city: 'SAN JOSE', state: 'CA' });
    expect(r.point).toMatchObject({ accuracyM: CITY_ACCURACY_M });
    expect(r.point!.lat).toBeCloseTo(37.3, 0);
    expect(r.point!.lon).toBeCloseTo(-121.9, 0);
  });
  it.each([
    [{ kind: 'ZIP' as const, zip: '00000' }, 'ZIP_NOT_FOUND'],
    [{ kind: 'ZIP' as const, zip: '9021' }, 'ZIP_NOT_FOUND'],
    [{ kind: 'CITY' as const, city: 'NOWHERE AT ALL', state: 'CA' }, 'PLACE_NOT_FOUND'],
    [{ kind: 'TEXT' as const, text: 'EN LA CALLE' }, 'PLACE_NOT_FOUND'],
    [null, 'NO_PLACE'],
  ])('%j has no point (%s)', (place, reason) => expect(locate(place)).toEqual({ point: null, reason }));
});

describe('Twilio adapter failures', () => {
  const options = (baseUrl: string, timeoutMs = 300) => ({ accountSid: 'AC1', authToken: 't', baseUrl, from: '+15005550006', statusCallback: null, timeoutMs });
  it('a provider that does not answer in time is a retryable failure', async () => {
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const err = await twilioSender(options(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)).send('+13105550100', 'x').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SmsSendError);
      expect((err as SmsSendError).retryable).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
  it('an unreachable provider is a retryable failure', async () => {
    const err = await twilioSender(options('http://127.0.0.1:1')).send('+13105550100', 'x').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'SmsSendError', retryable: true });
  });
});
