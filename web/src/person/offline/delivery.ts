import { backoffMs } from '../../field/retry';
import { idbQueueStore } from './idbQueue';
import { coalesced, flushQueue, memoryQueueStore, RAISE_SYNC_TAG, type QueuedRaise, type QueueStore } from './queue';
import { sendRaise } from './sendRaise';

/**
 * IndexedDB, or memory when this browser refuses it (some private modes): then a raise still goes out
 * while the page stays open, it only does not survive a reload.
 */
function fallingBack(primary: QueueStore, fallback: QueueStore): QueueStore {
  let broken = false;
  const use = <A extends unknown[], R>(f: (s: QueueStore) => (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      if (!broken) {
        try {
          return await f(primary)(...a);
        } catch {
          broken = true;
        }
      }
      return f(fallback)(...a);
    };
  return {
    all: use((s) => s.all),
    get: use((s) => s.get),
    add: use((s) => s.add),
    settle: use((s) => s.settle),
    remove: use((s) => s.remove),
    clear: use((s) => s.clear),
  };
}

let queue: QueueStore | null = null;
/** The page's raise queue (one per page; the service worker opens the same database). */
export function raiseQueue(): QueueStore {
  return (queue ??= fallingBack(typeof indexedDB === 'undefined' ? memoryQueueStore() : idbQueueStore(), memoryQueueStore()));
}

/** One flush at a time for the page, whoever asks (the retry loop, the `online` event). */
export const flushRaises = coalesced(() => flushQueue(raiseQueue(), (e) => sendRaise(e)));

/** Asks the browser to wake the service worker when the network is back (Chromium's Background Sync). */
export function requestBackgroundSync(): void {
  const sw = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
  if (!sw) return;
  void sw.ready
    .then((r) => (r as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register(RAISE_SYNC_TAG))
    .catch(() => undefined); // no Background Sync here (Firefox, Safari): the page's own loop carries it
}

/** Resolves after `ms`, or as soon as the network comes back or the page is looked at again, or on abort. */
export function waitForRetry(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      window.removeEventListener('online', finish);
      document.removeEventListener('visibilitychange', onVisible);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const onVisible = () => document.visibilityState === 'visible' && finish();
    const timer = setTimeout(finish, ms);
    window.addEventListener('online', finish);
    document.addEventListener('visibilitychange', onVisible);
    signal.addEventListener('abort', finish);
  });
}

export interface DeliveryEvents {
  /** No answer yet: the raise waits in the queue (attempt 1, 2, ...). */
  onWaiting(attempt: number): void;
  onRaised(alertId: string): void;
  onRefused(code: string): void;
}

/**
 * Keeps `raise` in the queue and sends it until the server answers, then hands the answer over and only
 * then removes the entry. Re-adding a vanished entry is safe: the same key brings back the same alert.
 */
export async function deliver(raise: QueuedRaise, on: DeliveryEvents, signal: AbortSignal): Promise<void> {
  const store = raiseQueue();
  await store.add(raise);
  for (let attempt = 0; !signal.aborted; attempt++) {
    await flushRaises();
    if (signal.aborted) return;
    const e = await store.get(raise.idempotencyKey);
    if (e?.state === 'sent' && e.alertId) {
      on.onRaised(e.alertId);
      return store.remove(e.idempotencyKey);
    }
    if (e?.state === 'refused') {
      on.onRefused(e.code ?? 'UNKNOWN');
      return store.remove(e.idempotencyKey);
    }
    if (!e) await store.add(raise);
    if (attempt === 0) requestBackgroundSync();
    on.onWaiting(attempt + 1);
    await waitForRetry(backoffMs(attempt), signal);
  }
}
