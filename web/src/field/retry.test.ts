import { describe, expect, it } from 'vitest';
import { backoffMs, isRetryable, newIdempotencyKey, retryUntilAnswered, type Outcome } from './retry';

describe('backoffMs', () => {
  it('doubles per attempt, half fixed and half jitter, capped', () => {
    expect(backoffMs(0, () => 0)).toBe(500);
    expect(backoffMs(0, () => 1)).toBe(1_000);
    expect(backoffMs(3, () => 0)).toBe(4_000);
    expect(backoffMs(3, () => 1)).toBe(8_000);
    expect(backoffMs(20, () => 1)).toBe(15_000);
    expect(backoffMs(20, () => 0)).toBe(7_500);
  });
});

describe('isRetryable', () => {
  it('retries transport and server trouble, never a definite refusal', () => {
    for (const c of ['NETWORK', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']) expect(isRetryable(c)).toBe(true);
    for (const c of ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'IDEMPOTENCY_KEY_REUSED', 'ALREADY_CLAIMED', 'INCORRECT_PIN']) expect(isRetryable(c)).toBe(false);
  });
});

describe('retryUntilAnswered', () => {
  const noSleep = async () => undefined;

  it('repeats the same request until it is acknowledged', async () => {
    const sent: string[] = [];
    const answers: Outcome<string>[] = [{ ok: false, code: 'NETWORK' }, { ok: false, code: 'SERVICE_UNAVAILABLE' }, { ok: true, value: 'alert-1' }];
    const key = newIdempotencyKey();
    const retries: number[] = [];
    const r = await retryUntilAnswered(
      async () => {
        sent.push(key);
        return answers.shift()!;
      },
      { sleep: noSleep, onRetry: (n) => retries.push(n) },
    );
    expect(r).toEqual({ ok: true, value: 'alert-1' });
    expect(sent).toEqual([key, key, key]);
    expect(retries).toEqual([1, 2]);
  });

  it('stops at an answer that will not change', async () => {
    let calls = 0;
    const r = await retryUntilAnswered(async () => (calls++, { ok: false, code: 'IDEMPOTENCY_KEY_REUSED' } as const), { sleep: noSleep });
    expect(r).toEqual({ ok: false, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts, and at once when aborted', async () => {
    let calls = 0;
    const down = async () => (calls++, { ok: false, code: 'NETWORK' } as const);
    expect(await retryUntilAnswered(down, { sleep: noSleep, maxAttempts: 3 })).toEqual({ ok: false, code: 'NETWORK' });
    expect(calls).toBe(3);
    const ctrl = new AbortController();
    ctrl.abort();
    expect(await retryUntilAnswered(down, { sleep: noSleep, signal: ctrl.signal })).toEqual({ ok: false, code: 'ABORTED' });
    expect(calls).toBe(3);
  });
});

describe('newIdempotencyKey', () => {
  it('makes distinct v4 UUIDs, also without crypto.randomUUID', () => {
    const fallback = { getRandomValues: <T extends ArrayBufferView | null>(a: T) => crypto.getRandomValues(a as never) as T };
    const a = newIdempotencyKey(fallback);
    const b = newIdempotencyKey(fallback);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });
});
