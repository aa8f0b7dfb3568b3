import { describe, expect, it } from 'vitest';
import { checkRegistration, toRegisterInput, type RegistrationForm } from './registration';

const form = (over: Partial<RegistrationForm> = {}): RegistrationForm => ({
  displayName: '  María  ',
  preferredLanguage: 'mix',
  contacts: [
    { name: 'Hermana', phone: '+1 213 555 0100' },
    { name: '', phone: '' },
  ],
  cancelPin: '1234',
  duressPin: '9876',
  ...over,
});

describe('checkRegistration', () => {
  it('accepts a complete form', () => {
    expect(checkRegistration(form())).toBeNull();
  });
  it('wants 4-8 digit PINs that differ', () => {
    expect(checkRegistration(form({ cancelPin: '12a4' }))).toBe('pinFormat');
    expect(checkRegistration(form({ duressPin: '123' }))).toBe('pinFormat');
    expect(checkRegistration(form({ duressPin: '123456789' }))).toBe('pinFormat');
    expect(checkRegistration(form({ duressPin: '1234' }))).toBe('pinsEqual');
  });
  it('wants a name and a phone for every contact row that is not empty', () => {
    expect(checkRegistration(form({ contacts: [{ name: 'Ana', phone: ' ' }] }))).toBe('contactIncomplete');
  });
});

describe('toRegisterInput', () => {
  it('trims, drops empty rows and keeps at most five contacts', () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `C${i}`, phone: `555-000${i}` }));
    expect(toRegisterInput(form())).toEqual({
      displayName: 'María',
      preferredLanguage: 'mix',
      trustedContacts: [{ name: 'Hermana', phone: '+1 213 555 0100' }],
      cancelPin: '1234',
      duressPin: '9876',
    });
    expect(toRegisterInput(form({ contacts: six, displayName: ' ' }))).toMatchObject({ displayName: null, trustedContacts: six.slice(0, 5) });
  });
});
