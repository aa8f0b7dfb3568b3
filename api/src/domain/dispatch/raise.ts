import { AppError, ErrorCode } from '../errors.js';
import { SYSTEM, type Plan } from './plan.js';

/** Why the control room should look twice at a new alert (`recentRaises` counts the new one too). */
export function flagsFor(recentRaises: number, raiseLimitPer10Min: number, method: string): string[] {
  const flags: string[] = [];
  if (recentRaises > raiseLimitPer10Min) flags.push('RATE_LIMITED');
  if (method === 'FALLBACK') flags.push('OUTSIDE_COVERAGE');
  return flags;
}

/**
 * A new alert, inserted: flagged, recorded as RAISED, then offered to the best candidate; over the raise
 * limit it is shown to the control room to verify (ESCALATED) and nobody is sent yet.
 */
export function decideRaise(s: { recentRaises: number; method: string }, personId: string, cfg: { raiseLimitPer10Min: number }): Plan {
  const flags = flagsFor(s.recentRaises, cfg.raiseLimitPer10Min, s.method);
  const raised: Plan['steps'] = [
    ...(flags.length ? [{ do: 'flags' as const, flags }] : []),
    { do: 'event', type: 'RAISED', actor: { role: 'PERSON', id: personId }, extra: { fromStatus: null, toStatus: 'RAISED', note: [s.method, ...flags].join(' ') } },
  ];
  if (flags.includes('RATE_LIMITED')) return { steps: [...raised, { do: 'status', to: 'ESCALATED', actor: SYSTEM, note: 'over the raise limit: verify before dispatching' }] };
  return { steps: raised, offerNext: { handOver: false } };
}

/** A raise with a key already used: the same alert for the same request, IDEMPOTENCY_KEY_REUSED for another. */
export function sameRequest(existing: { id: string; request_hash: string }, req: { hash: string }): string | AppError {
  if (existing.request_hash !== req.hash)
    return new AppError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'this idempotencyKey was already used for a different alert; use a new key for a new alert');
  return existing.id;
}
