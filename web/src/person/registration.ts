import type { RegisterPersonInput } from '../gql/graphql';

export interface ContactDraft {
  name: string;
  phone: string;
}

export interface RegistrationForm {
  displayName: string;
  preferredLanguage: string;
  contacts: ContactDraft[];
  cancelPin: string;
  duressPin: string;
}

export type FormProblem = 'pinFormat' | 'pinsEqual' | 'contactIncomplete';

export const MAX_CONTACTS = 5;
const PIN = /^\d{4,8}$/;

const blank = (c: ContactDraft) => c.name.trim() === '' && c.phone.trim() === '';

/** The checks the server makes too, done first so the person gets the answer without a round trip. */
export function checkRegistration(f: RegistrationForm): FormProblem | null {
  if (!PIN.test(f.cancelPin) || !PIN.test(f.duressPin)) return 'pinFormat';
  if (f.cancelPin === f.duressPin) return 'pinsEqual';
  if (f.contacts.some((c) => !blank(c) && (c.name.trim() === '' || c.phone.trim() === ''))) return 'contactIncomplete';
  return null;
}

/** The mutation's input: trimmed, rows left empty dropped, at most five contacts. */
export function toRegisterInput(f: RegistrationForm): RegisterPersonInput {
  const name = f.displayName.trim();
  return {
    displayName: name === '' ? null : name,
    preferredLanguage: f.preferredLanguage,
    trustedContacts: f.contacts
      .filter((c) => !blank(c))
      .slice(0, MAX_CONTACTS)
      .map((c) => ({ name: c.name.trim(), phone: c.phone.trim() })),
    cancelPin: f.cancelPin,
    duressPin: f.duressPin,
  };
}
