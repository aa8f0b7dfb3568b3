import { describe, expect, it } from 'vitest';
import { log, setLogSink } from '../src/log.js';
import { leakIn } from './support/captureLogs.js';

describe('logs', () => {
  it('drop location, name, note, phone, PIN and token fields whatever the caller passes', () => {
    const lines: string[] = [];
    const prev = setLogSink({ write: (l) => void lines.push(l) }, 'debug');
    try {
      log.info('probe', { lat: 34.0522, lon: -118.2437, name: 'Rosa', note: 'ayuda', phone: '+1 555 0100', pin: '1234', token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig', alertId: 'a-1' });
    } finally {
      setLogSink(prev, 'debug');
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({ event: 'probe', alertId: 'a-1' });
    for (const s of ['34.0522', 'Rosa', 'ayuda', '555', '1234', 'eyJ']) expect(lines[0]).not.toContain(s);
  });

  it('the suite-wide check recognises tokens, precise coordinates and phone numbers, not timestamps', () => {
    expect(leakIn('{"x":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig"}')).toBe('a JWT');
    expect(leakIn('{"where":"-118.2437,34.0522"}')).toBe('a precise coordinate');
    expect(leakIn('{"call":"+1 555 010 0100"}')).toBe('a phone number');
    expect(leakIn('{"t":"2026-11-28T13:40:56.1234Z","event":"alert.raised","alertId":"19e1fe7e-738b-46d2"}')).toBeNull();
  });
});
