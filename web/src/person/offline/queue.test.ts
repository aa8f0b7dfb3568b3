import { describe, expect, it } from 'vitest';
import { coalesced, flushQueue, memoryQueueStore, settlementOf, type QueuedRaise, type SendResult } from './queue';

const entry = (key: string, at = 1): QueuedRaise => ({ idempotencyKey: key, location: { lat: 34.05, lon: -118.25, accuracyM: 12 }, at, token: 'tok', state: 'queued' });

/** A server stand-in: answers each key from a script, and counts the sends. */
function server(answers: Record<string, SendResult[]>) {
  const sent: string[] = [];
  return {
    sent,
    send: async (e: QueuedRaise): Promise<SendResult> => {
      sent.push(e.idempotencyKey);
      return answers[e.idempotencyKey]!.shift() ?? { ok: false, code: 'NETWORK' };
    },
  };
}

describe('raise queue', () => {
  it('an answer settles an entry; no answer (or a retryable code) settles nothing', () => {
    expect(settlementOf({ ok: true, alertId: 'a1' })).toEqual({ state: 'sent', alertId: 'a1' });
    expect(settlementOf({ ok: false, code: 'BAD_USER_INPUT' })).toEqual({ state: 'refused', code: 'BAD_USER_INPUT' });
    expect(settlementOf({ ok: false, code: 'UNAUTHENTICATED' })).toEqual({ state: 'refused', code: 'UNAUTHENTICATED' });
    for (const code of ['NETWORK', 'SERVICE_UNAVAILABLE', 'RATE_LIMITED', 'UNKNOWN']) expect(settlementOf({ ok: false, code })).toBeNull();
  });

  it('without network the entry stays queued and is sent again, the same key, until the server answers', async () => {
    const store = memoryQueueStore();
    await store.add(entry('k1'));
    const s = server({ k1: [{ ok: false, code: 'NETWORK' }, { ok: false, code: 'SERVICE_UNAVAILABLE' }, { ok: true, alertId: 'a1' }] });
    expect(await flushQueue(store, s.send)).toEqual({ sent: 0, refused: 0, waiting: 1 });
    expect((await store.get('k1'))!.state).toBe('queued');
    await flushQueue(store, s.send);
    expect(await flushQueue(store, s.send)).toEqual({ sent: 1, refused: 0, waiting: 0 });
    expect(await store.get('k1')).toMatchObject({ state: 'sent', alertId: 'a1' });
    // Settled: never sent again.
    await flushQueue(store, s.send);
    expect(s.sent).toEqual(['k1', 'k1', 'k1']);
  });

  it('a refusal is recorded with its code and not retried', async () => {
    const store = memoryQueueStore();
    await store.add(entry('k1'));
    const s = server({ k1: [{ ok: false, code: 'IDEMPOTENCY_KEY_REUSED' }] });
    expect(await flushQueue(store, s.send)).toEqual({ sent: 0, refused: 1, waiting: 0 });
    await flushQueue(store, s.send);
    expect(s.sent).toEqual(['k1']);
    expect(await store.get('k1')).toMatchObject({ state: 'refused', code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('an answer is never overwritten, and adding a press again keeps its answer', async () => {
    const store = memoryQueueStore();
    await store.add(entry('k1'));
    await store.settle('k1', { state: 'sent', alertId: 'a1' });
    await store.settle('k1', { state: 'refused', code: 'BAD_USER_INPUT' });
    await store.add(entry('k1'));
    expect(await store.get('k1')).toMatchObject({ state: 'sent', alertId: 'a1' });
  });

  it('sends the oldest press first', async () => {
    const store = memoryQueueStore();
    await store.add(entry('late', 20));
    await store.add(entry('early', 10));
    const s = server({ late: [{ ok: true, alertId: 'a2' }], early: [{ ok: true, alertId: 'a1' }] });
    await flushQueue(store, s.send);
    expect(s.sent).toEqual(['early', 'late']);
  });

  it('coalesced: a flush asked for while one runs joins it (one request per entry)', async () => {
    const store = memoryQueueStore();
    await store.add(entry('k1'));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let sends = 0;
    const flush = coalesced(() => flushQueue(store, async () => (sends++, await gate, { ok: true, alertId: 'a1' })));
    const [a, b] = [flush(), flush()];
    release();
    expect(await a).toBe(await b);
    expect(sends).toBe(1);
    // Once finished, the next call is a new flush.
    expect(await flush()).toEqual({ sent: 0, refused: 0, waiting: 0 });
  });
});
