import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const base = { NODE_ENV: 'test', AUTH_JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long', DATA_DIR: '/nonexistent' };

describe('SMS_NUMBER (the person page\'s "enviar por SMS")', () => {
  it('is optional: unset or empty means no SMS button', () => {
    expect(loadConfig(base).smsNumber).toBeNull();
    expect(loadConfig({ ...base, SMS_NUMBER: '' }).smsNumber).toBeNull();
  });

  it('takes an E.164 number (spaces, dashes, brackets dropped) or a short code', () => {
    expect(loadConfig({ ...base, SMS_NUMBER: '+1 (555) 555-0123' }).smsNumber).toBe('+15555550123');
    expect(loadConfig({ ...base, SMS_NUMBER: '24365' }).smsNumber).toBe('24365');
  });

  it('refuses anything else at start, saying what it expected', () => {
    for (const bad of ['555-0123-abc', '+0123456789', 'sms:+15555550123', '+1234567890123456'])
      expect(() => loadConfig({ ...base, SMS_NUMBER: bad })).toThrow(/SMS_NUMBER must be an E\.164 number/);
  });
});
