import { randomUUID } from 'node:crypto';
import type { Db } from '../db/types.js';
import { badInput } from '../domain/errors.js';
import { isLanguageCode } from '../domain/languages.js';
import { hashPin, parsePin } from '../auth/pins.js';
import { insertPerson, personById, savePerson, savePins, type PersonRow } from '../sql/persons.js';
import { changePins } from './pinChange.js';
import { sealContacts } from '../sms/contactPhones.js';
import type { PhoneVault } from '../sms/phoneVault.js';

export interface ProfileInput {
  displayName?: string | null;
  preferredLanguage?: string | null;
  trustedContacts?: Array<{ name: string; phone: string; notify?: boolean | null; shareLocation?: boolean | null }> | null;
  cancelPin?: string | null;
  duressPin?: string | null;
  /** The cancel PIN as it is now: needed to change PINs once the person has any (services/pinChange.ts). */
  currentPin?: string | null;
}

export interface RegisterInput extends ProfileInput {
  cancelPin: string;
  duressPin: string;
}

const PHONE = /^\+?[0-9 ()-]{7,20}$/;

/**
 * Creates a person with the minimum we need: how to address them, their language, whom to tell, and
 * the two PINs (stored hashed). Always a new person: nothing here can reveal whether a phone number is
 * already known, because nothing is looked up by phone.
 */
export async function registerPerson(db: Db, vault: PhoneVault, input: RegisterInput): Promise<PersonRow> {
  const cancel = parsePin(input.cancelPin, 'cancelPin');
  const duress = parsePin(input.duressPin, 'duressPin');
  if (cancel === duress) throw badInput('duressPin must differ from cancelPin', 'duressPin');
  const { name, language, contacts } = parseProfile(input);
  const person: PersonRow = {
    id: randomUUID(),
    display_name: name,
    preferred_language: language ?? 'es',
    trusted_contacts: sealContacts(vault, contacts ?? []),
    cancel_pin_hash: await hashPin(cancel),
    duress_pin_hash: await hashPin(duress),
    decoy_pin_hash: null,
  };
  await insertPerson(db, person);
  return person;
}

/**
 * Changes what the person chose to change. PINs only as a pair, so they can never become equal, and once
 * set only with the current cancel PIN (services/pinChange.ts); nothing changes when that is refused.
 */
export async function updateProfile(db: Db, vault: PhoneVault, current: PersonRow, input: ProfileInput): Promise<PersonRow> {
  const next: PersonRow = { ...current };
  const { name, language, contacts } = parseProfile(input);
  if (input.displayName !== undefined) next.display_name = name;
  if (language) next.preferred_language = language;
  // Sealed on every save: contacts kept as they were may still be in clear (a row from before 0017).
  next.trusted_contacts = sealContacts(vault, contacts ?? current.trusted_contacts);
  if (input.cancelPin != null || input.duressPin != null) {
    await changePins(db, current, input, async (q, pins) => {
      await savePerson(q, next);
      await savePins(q, current.id, pins);
    });
  } else {
    if (input.currentPin != null) throw badInput('currentPin is only for changing the PINs', 'currentPin');
    await savePerson(db, next);
  }
  return (await personById(db, current.id))!;
}

function parseProfile(input: ProfileInput) {
  const name = (input.displayName ?? '').trim();
  if ([...name].length > 80) throw badInput('displayName must be at most 80 characters', 'displayName');
  const language = input.preferredLanguage ?? null;
  if (language !== null && !isLanguageCode(language)) throw badInput('preferredLanguage must be a code from docs/LANGUAGES.md', 'preferredLanguage');
  const contacts = input.trustedContacts ?? null;
  if (contacts && contacts.length > 5) throw badInput('at most 5 trusted contacts', 'trustedContacts');
  for (const c of contacts ?? []) {
    if (typeof c.name !== 'string' || c.name.trim() === '' || [...c.name].length > 80) throw badInput('each trusted contact needs a name of 1-80 characters', 'trustedContacts');
    // Fix: validate the phone as it is stored (trimmed); surrounding spaces, as pasted, were refused.
    if (typeof c.phone !== 'string' || !PHONE.test(c.phone.trim())) throw badInput('each trusted contact needs a phone number (digits, spaces, +, -, parentheses)', 'trustedContacts');
  }
  return {
    name: name || null,
    language,
    contacts: contacts?.map((c) => ({ name: c.name.trim(), phone: c.phone.trim(), notify: c.notify === true, shareLocation: c.shareLocation === true })) ?? null,
  };
}

export interface RegistrationResult {
  token: string;
  person: PersonRow;
}
