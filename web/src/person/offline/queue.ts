import type { AlertKind, LocationInput } from '../../gql/graphql';
import { isRetryable } from '../../field/retry';

/**
 * A raise kept on the phone until the server has answered it (IndexedDB: web/src/person/offline/idbQueue.ts).
 * The page and the service worker (Background Sync) both send from here; the idempotency key makes every
 * send of one entry the same request, so however many tries, from whichever side, the server creates one alert.
 */
export interface QueuedRaise {
  idempotencyKey: string;
  location: LocationInput;
  kind?: AlertKind;
  note?: string;
  /** When the button was pressed (ms since the epoch). */
  at: number;
  /**
   * The person's token, so the service worker can send while no page is open. The same token already sits
   * in this origin's localStorage (`alerta.person`); it leaves IndexedDB with the entry (docs/SECURITY.md).
   */
  token: string;
  /** `queued` until the server answered: `sent` (with the alert's id) or `refused` (with the code). */
  state: 'queued' | 'sent' | 'refused';
  alertId?: string;
  code?: string;
}

/** What one send of a raise got back: the alert, or a code (NETWORK when no answer came). */
export type SendResult = { ok: true; alertId: string } | { ok: false; code: string };

/** An answer: the entry's final state. A send that got no answer (or a retryable code) settles nothing. */
export type Settlement = { state: 'sent'; alertId: string } | { state: 'refused'; code: string };

export function settlementOf(r: SendResult): Settlement | null {
  if (r.ok) return { state: 'sent', alertId: r.alertId };
  return isRetryable(r.code) ? null : { state: 'refused', code: r.code };
}

export interface QueueStore {
  /** Every entry, oldest press first. */
  all(): Promise<QueuedRaise[]>;
  get(key: string): Promise<QueuedRaise | null>;
  /** Keeps an entry already there (a reload re-adding the same press must not reset its answer). */
  add(entry: QueuedRaise): Promise<void>;
  /** Only a `queued` entry settles: an answer is never overwritten by a later one. */
  settle(key: string, s: Settlement): Promise<void>;
  remove(key: string): Promise<void>;
  clear(): Promise<void>;
}

/** The Background Sync tag the page registers and the service worker answers. */
export const RAISE_SYNC_TAG = 'alerta-raise';

export interface FlushReport {
  sent: number;
  refused: number;
  /** Entries still waiting for an answer (no network, or a retryable code). */
  waiting: number;
}

/** Sends every queued entry once, oldest first, and records each answer. Safe to run from several places at once. */
export async function flushQueue(store: QueueStore, send: (e: QueuedRaise) => Promise<SendResult>): Promise<FlushReport> {
  const report: FlushReport = { sent: 0, refused: 0, waiting: 0 };
  for (const e of await store.all()) {
    if (e.state !== 'queued') continue;
    const s = settlementOf(await send(e));
    if (s === null) {
      report.waiting++;
      continue;
    }
    await store.settle(e.idempotencyKey, s);
    report[s.state]++;
  }
  return report;
}

/** Runs at most one flush at a time: a call while one runs gets that one's report. */
export function coalesced(flush: () => Promise<FlushReport>): () => Promise<FlushReport> {
  let running: Promise<FlushReport> | null = null;
  return () => (running ??= flush().finally(() => (running = null)));
}

/** An in-memory QueueStore with the IndexedDB one's rules, for tests. */
export function memoryQueueStore(): QueueStore {
  const m = new Map<string, QueuedRaise>();
  const copy = (e: QueuedRaise): QueuedRaise => structuredClone(e);
  return {
    all: async () => [...m.values()].sort((a, b) => a.at - b.at).map(copy),
    get: async (k) => (m.has(k) ? copy(m.get(k)!) : null),
    add: async (e) => void (m.has(e.idempotencyKey) || m.set(e.idempotencyKey, copy(e))),
    async settle(k, s) {
      const e = m.get(k);
      if (e && e.state === 'queued') m.set(k, { ...e, ...s });
    },
    remove: async (k) => void m.delete(k),
    clear: async () => m.clear(),
  };
}
