import { randomUUID } from 'node:crypto';
import type { Db } from '../db/types.js';
import { badInput } from '../domain/errors.js';
import { isLanguageCode } from '../domain/languages.js';
import { hashPin, parsePin } from '../auth/pins.js';
import { insertPerson, type PersonRow } from '../sql/persons.js';

export interface RegisterInput {
  displayName?: string | null;
  preferredLanguage?: string | null;
  trustedContacts?: Array<{ name: string; phone: string }> | null;
  cancelPin: string;
  duressPin: string;
}

const PHONE = /^\+?[0-9 ()-]{7,20}$/;

/**
 * Creates a person with the minimum we need: how to address them, their language, whom to tell, and
 * the two PINs (stored hashed). Always a new person: nothing here can reveal whether a phone number is
 * already known, because nothing is looked up by phone.
 */
export async function registerPerson(db: Db, input: RegisterInput): Promise<PersonRow> {
  const cancel = parsePin(input.cancelPin, 'cancelPin');
  const duress = parsePin(input.duressPin, 'duressPin');
  if (cancel === duress) throw badInput('duressPin must differ from cancelPin', 'duressPin');
  const name = (input.displayName ?? '').trim();
  if ([...name].length > 80) throw badInput('displayName must be at most 80 characters', 'displayName');
  const language = input.preferredLanguage ?? 'es';
  if (!isLanguageCode(language)) throw badInput('preferredLanguage must be a code from docs/LANGUAGES.md', 'preferredLanguage');
  const contacts = input.trustedContacts ?? [];
  if (contacts.length > 5) throw badInput('at most 5 trusted contacts', 'trustedContacts');
  for (const c of contacts) {
    if (typeof c.name !== 'string' || c.name.trim() === '' || [...c.name].length > 80) throw badInput('each trusted contact needs a name of 1-80 characters', 'trustedContacts');
    if (typeof c.phone !== 'string' || !PHONE.test(c.phone)) throw badInput('each trusted contact needs a phone number (digits, spaces, +, -, parentheses)', 'trustedContacts');
  }
  const person: PersonRow = {
    id: randomUUID(),
    display_name: name || null,
    preferred_language: language,
    trusted_contacts: contacts.map((c) => ({ name: c.name.trim(), phone: c.phone.trim() })),
    cancel_pin_hash: await hashPin(cancel),
    duress_pin_hash: await hashPin(duress),
  };
  await insertPerson(db, person);
  return person;
}

export interface RegistrationResult {
  token: string;
  person: PersonRow;
}
