import { browserStorage, readJson, writeJson, type KeyValue } from '../field/storage';
import type { LocationInput } from '../gql/graphql';

/**
 * What the person's phone remembers (localStorage), so a reload or a killed browser picks up where it
 * was: the token, the open alert and the last step seen, and a raise still waiting for its answer
 * (with its idempotency key, so the retry can never create a second alert).
 */
export interface PersonRecord {
  token: string;
  /** The preferred language given at registration (a docs/LANGUAGES.md code). */
  language: string;
}

export interface OpenAlert {
  id: string;
  /** The last step's cursor: resume `alertUpdates` after it. */
  cursor: string | null;
}

export interface PendingRaise {
  idempotencyKey: string;
  location: LocationInput;
  /** When the button was pressed (ms since the epoch). */
  at: number;
  /** Sent with the alert: why the location is only approximate (no GPS: the city the person chose). */
  note?: string;
}

/** The city a person without GPS picked, kept so that the next press sends at once (no second button). */
export interface ChosenCity {
  id: string;
  /** "Los Angeles, CA": what the alert's note names. */
  label: string;
  lat: number;
  lon: number;
}

const KEYS = { person: 'alerta.person', alert: 'alerta.person.alert', pending: 'alerta.person.pending', city: 'alerta.person.city' } as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isPerson = (v: unknown): v is PersonRecord => isObj(v) && typeof v.token === 'string' && v.token !== '' && typeof v.language === 'string';
const isOpenAlert = (v: unknown): v is OpenAlert => isObj(v) && typeof v.id === 'string' && v.id !== '' && (v.cursor === null || typeof v.cursor === 'string');
const isCity = (v: unknown): v is ChosenCity =>
  isObj(v) && typeof v.id === 'string' && typeof v.label === 'string' && typeof v.lat === 'number' && Number.isFinite(v.lat) && typeof v.lon === 'number' && Number.isFinite(v.lon);
const isPending = (v: unknown): v is PendingRaise =>
  isObj(v) && typeof v.idempotencyKey === 'string' && typeof v.at === 'number' && isObj(v.location) && typeof v.location.lat === 'number' && typeof v.location.lon === 'number';

export interface PersonStore {
  person(): PersonRecord | null;
  setPerson(p: PersonRecord | null): void;
  openAlert(): OpenAlert | null;
  setOpenAlert(a: OpenAlert | null): void;
  /** Moves the resume point forward; ignored for any other alert than the open one. */
  setCursor(alertId: string, cursor: string): void;
  pending(): PendingRaise | null;
  setPending(p: PendingRaise | null): void;
  city(): ChosenCity | null;
  setCity(c: ChosenCity | null): void;
  /** Everything (the person deleted their data, or the token was refused). */
  clear(): void;
}

export function personStore(s: KeyValue | null = browserStorage()): PersonStore {
  return {
    person: () => readJson(s, KEYS.person, isPerson),
    setPerson: (p) => writeJson(s, KEYS.person, p),
    openAlert: () => readJson(s, KEYS.alert, isOpenAlert),
    setOpenAlert: (a) => writeJson(s, KEYS.alert, a),
    setCursor(alertId, cursor) {
      const a = readJson(s, KEYS.alert, isOpenAlert);
      if (a && a.id === alertId) writeJson(s, KEYS.alert, { id: alertId, cursor });
    },
    pending: () => readJson(s, KEYS.pending, isPending),
    setPending: (p) => writeJson(s, KEYS.pending, p),
    city: () => readJson(s, KEYS.city, isCity),
    setCity: (c) => writeJson(s, KEYS.city, c),
    clear() {
      for (const k of Object.values(KEYS)) writeJson(s, k, null);
    },
  };
}
