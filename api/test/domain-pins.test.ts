import { describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import { PIN_LOCKOUT, cancelPinRefusal, decidePinChangeInput, decidePinTry, parsePin, pinFormatRefusal, type PinVerdict } from '../src/domain/pinChecks.js';

/** The PIN rules around the hash (docs/SECURITY.md, schema/README.md), decided without a database. */
const refusal = (d: unknown) => (d instanceof AppError ? { code: d.code, message: d.message, field: d.details.field } : d);

describe('who may try a PIN to cancel', () => {
  it.each<[string, { cancel_pin_hash: string | null } | null, string | null, unknown]>([
    ['no person record: PIN_NOT_SET', null, '1234', { code: 'PIN_NOT_SET', message: 'no PINs are set: the control room will close this alert', field: undefined }],
    ['no PINs set (never, or erased): PIN_NOT_SET, whatever the PIN', { cancel_pin_hash: null }, '1234', { code: 'PIN_NOT_SET', message: 'no PINs are set: the control room will close this alert', field: undefined }],
    ['no PINs and no PIN: PIN_NOT_SET comes first', { cancel_pin_hash: null }, null, { code: 'PIN_NOT_SET', message: 'no PINs are set: the control room will close this alert', field: undefined }],
    ['PINs set, none given: BAD_USER_INPUT on pin', { cancel_pin_hash: 'scrypt$a$b' }, null, { code: 'BAD_USER_INPUT', message: 'pin is required to cancel', field: 'pin' }],
    ['PINs set and one given: it is tried', { cancel_pin_hash: 'scrypt$a$b' }, '0000', null],
  ])('%s', (_name, person, pin, expected) => {
    expect(refusal(cancelPinRefusal(person, pin))).toEqual(expected);
  });
});

describe('one PIN try under the lockout', () => {
  const verdicts: PinVerdict[] = ['CANCEL', 'DURESS', 'WRONG'];
  it('below the limit a wrong PIN is counted and refused INCORRECT_PIN; a right one is accepted as what it is', () => {
    for (let failures = 0; failures < PIN_LOCKOUT.maxFailures; failures++) {
      expect(refusal((decidePinTry(failures, 'WRONG') as { refusal: AppError }).refusal)).toMatchObject({ code: 'INCORRECT_PIN', message: 'incorrect PIN' });
      expect(decidePinTry(failures, 'WRONG').outcome).toBe('WRONG');
      expect(decidePinTry(failures, 'CANCEL')).toEqual({ outcome: 'ACCEPTED', verdict: 'CANCEL' });
      expect(decidePinTry(failures, 'DURESS')).toEqual({ outcome: 'ACCEPTED', verdict: 'DURESS' });
    }
  });

  it('at the limit every PIN, right or wrong, gets the same RATE_LIMITED: nothing tells the duress PIN apart', () => {
    for (const failures of [PIN_LOCKOUT.maxFailures, PIN_LOCKOUT.maxFailures + 7]) {
      const answers = verdicts.map((v) => decidePinTry(failures, v));
      for (const a of answers) {
        expect(a.outcome).toBe('LOCKED_OUT');
        expect(refusal((a as { refusal: AppError }).refusal)).toMatchObject({ code: 'RATE_LIMITED', message: 'too many incorrect PINs; try again later' });
      }
    }
  });

  it('the limit is five wrong PINs in fifteen minutes, and a caller may pass its own', () => {
    expect(PIN_LOCKOUT).toEqual({ maxFailures: 5, windowSeconds: 900 });
    expect(decidePinTry(2, 'CANCEL', { maxFailures: 2 }).outcome).toBe('LOCKED_OUT');
  });
});

describe('a PIN change, before any hash', () => {
  const bad = (field: string) => ({ code: 'BAD_USER_INPUT', message: `${field} must be 4 to 8 digits`, field });
  it.each<[string, boolean, Record<string, unknown>, unknown]>([
    ['the new cancel PIN is checked first', true, { cancelPin: '12', duressPin: 'x', currentPin: null }, bad('cancelPin')],
    ['then the new duress PIN', true, { cancelPin: '1234', duressPin: '99999999999', currentPin: null }, bad('duressPin')],
    ['then that they differ', true, { cancelPin: '1234', duressPin: '1234', currentPin: 'x' }, { code: 'BAD_USER_INPUT', message: 'duressPin must differ from cancelPin', field: 'duressPin' }],
    ['then, once the person has PINs, the current one', true, { cancelPin: '1234', duressPin: '9999' }, bad('currentPin')],
    ['a number is not a PIN', false, { cancelPin: 1234, duressPin: '9999' }, bad('cancelPin')],
    ['first PINs: no current PIN needed (one given is ignored)', false, { cancelPin: '1234', duressPin: '9999', currentPin: 'nonsense' }, { cancel: '1234', duress: '9999', current: null }],
    ['a change with the current PIN', true, { cancelPin: '12345678', duressPin: '0000', currentPin: '4321' }, { cancel: '12345678', duress: '0000', current: '4321' }],
  ])('%s', (_name, hasPins, input, expected) => {
    expect(refusal(decidePinChangeInput(hasPins, input))).toEqual(expected);
  });

  it.each([['123', false], ['1234', true], ['12345678', true], ['123456789', false], ['12a4', false], [' 1234', false], ['', false]])('%s is a PIN: %s', (pin, ok) => {
    expect(pinFormatRefusal(pin, 'cancelPin') === null).toBe(ok);
  });

  it('parsePin answers the PIN or throws the same refusal', () => {
    expect(parsePin('0042', 'pin')).toBe('0042');
    expect(() => parsePin('42a4', 'pin')).toThrow('pin must be 4 to 8 digits');
  });
});
