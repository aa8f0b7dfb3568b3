/**
 * Retrying a request on a weak network. Only requests that are safe to repeat go through here:
 * raiseAlert (same idempotencyKey, same input), reads, and location reports.
 */

/** Codes after which the same request may succeed later. Anything else is the answer. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set(['NETWORK', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'RATE_LIMITED', 'UNKNOWN']);

export const isRetryable = (code: string): boolean => RETRYABLE_CODES.has(code);

/**
 * Exponential backoff with jitter: attempt 0 waits 0.5-1 s, then 1-2 s, 2-4 s, ... capped at `capMs`.
 * Half fixed, half random, so phones that lost the network together do not come back together.
 */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 1_000, capMs = 15_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string };

export interface RetryOptions {
  signal?: AbortSignal;
  /** Called before each new try (1, 2, ...), so a screen can say "trying again". */
  onRetry?: (attempt: number, code: string) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Default: no limit (keep going until the answer comes or the caller aborts). */
  maxAttempts?: number;
}

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const id = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(id);
      resolve();
    });
  });

/**
 * Calls `send` until it succeeds, fails with a code that is not retryable, the attempts run out, or
 * `signal` aborts (then the result is `{ ok: false, code: 'ABORTED' }`). `send` must repeat the very
 * same request each time: that is what makes a retry harmless.
 */
export async function retryUntilAnswered<T>(send: () => Promise<Outcome<T>>, opts: RetryOptions = {}): Promise<Outcome<T>> {
  const wait = opts.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) return { ok: false, code: 'ABORTED' };
    const r = await send();
    if (opts.signal?.aborted) return { ok: false, code: 'ABORTED' };
    if (r.ok || !isRetryable(r.code)) return r;
    if (opts.maxAttempts !== undefined && attempt + 1 >= opts.maxAttempts) return r;
    await wait(backoffMs(attempt, opts.random), opts.signal);
    opts.onRetry?.(attempt + 1, r.code);
  }
}

/** A v4 UUID: crypto.randomUUID where available (secure contexts), else built from getRandomValues. */
export function newIdempotencyKey(c: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = crypto): string {
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
