import { browserStorage, readJson, writeJson, type KeyValue } from '../field/storage';

/**
 * The field officer's token lives in localStorage (not sessionStorage as on the shared console
 * workstations): it is the officer's own phone, and a closed tab must not cost a sign-in in the
 * field. It expires with the token (one shift); "Salir" removes it.
 */
const TOKEN_KEY = 'alerta.officer.token';
/** Alerts this officer took, as earlier versions kept them: the server's `myAlerts` replaced it; cleared on sign-out. */
const MINE_KEY = 'alerta.officer.mine';

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export const loadOfficerToken = (s: KeyValue | null = browserStorage()): string | null => readJson(s, TOKEN_KEY, isString);
export const saveOfficerToken = (token: string, s: KeyValue | null = browserStorage()): void => writeJson(s, TOKEN_KEY, token);
export function clearOfficerSession(s: KeyValue | null = browserStorage()): void {
  writeJson(s, TOKEN_KEY, null);
  writeJson(s, MINE_KEY, null);
}
