import { createHash } from 'node:crypto';
import { badInput } from './errors.js';
import { parseLocation, type Point } from './geo.js';

export const ALERT_KINDS = ['IMMINENT_DETENTION', 'RAID_NEARBY', 'DETAINED', 'CHECKPOINT', 'OTHER'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const MAX_NOTE_CHARS = 1000;
export const MAX_KEY_CHARS = 100;

export interface RaiseRequest {
  point: Point;
  idempotencyKey: string;
  kind: AlertKind;
  note: string | null;
  /** Identifies the payload, so a reused key with different content is told apart from a retry. */
  hash: string;
}

/** Validates a raiseAlert input; throws BAD_USER_INPUT naming the field, before anything is written. */
export function parseRaiseInput(input: {
  location: { lat: unknown; lon: unknown; accuracyM?: unknown };
  idempotencyKey: unknown;
  kind?: unknown;
  note?: unknown;
}): RaiseRequest {
  const point = parseLocation(input.location);
  const key = input.idempotencyKey;
  if (typeof key !== 'string' || key.trim().length === 0 || key.length > MAX_KEY_CHARS)
    throw badInput(`idempotencyKey must be 1-${MAX_KEY_CHARS} characters`, 'idempotencyKey');
  const kind = (input.kind ?? 'IMMINENT_DETENTION') as AlertKind;
  if (!ALERT_KINDS.includes(kind)) throw badInput(`kind must be one of ${ALERT_KINDS.join(', ')}`, 'kind');
  let note: string | null = null;
  if (input.note !== undefined && input.note !== null) {
    if (typeof input.note !== 'string') throw badInput('note must be a string', 'note');
    // Strip NUL (PostgreSQL text cannot hold it); everything else is stored as given and escaped on display.
    const clean = input.note.replaceAll(String.fromCharCode(0), '').trim();
    if ([...clean].length > MAX_NOTE_CHARS) throw badInput(`note must be at most ${MAX_NOTE_CHARS} characters`, 'note');
    note = clean === '' ? null : clean;
  }
  const hash = createHash('sha256')
    .update(JSON.stringify([point.lon, point.lat, point.accuracyM, kind, note]))
    .digest('base64url');
  return { point, idempotencyKey: key, kind, note, hash };
}
