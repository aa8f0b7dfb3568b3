import { useCallback, useEffect, useState } from 'react';
import type { PendingRaise, PersonStore } from '../store';
import { raiseQueue } from './delivery';
import type { QueuedRaise } from './queue';

const queuedFrom = (p: PendingRaise, token: string): QueuedRaise => ({ ...p, token, state: 'queued' });

/**
 * The press waiting for its answer, read back from IndexedDB after a reload (or after the service worker
 * sent it while no page was open). `loaded` is false for the few ms before the first read: the button is
 * not shown while a saved press may still be on its way.
 */
export function useQueuedRaise(store: PersonStore, token: string) {
  const [raise, setRaise] = useState<QueuedRaise | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let live = true;
    void (async () => {
      // A press kept by an earlier version of this page (localStorage) moves into the queue.
      const legacy = store.pending();
      const fromLegacy = legacy ? queuedFrom(legacy, token) : null;
      if (fromLegacy) {
        await raiseQueue().add(fromLegacy);
        store.setPending(null);
      }
      const saved = (await raiseQueue().all()).find((e) => e.token === token) ?? fromLegacy;
      if (!live) return;
      setRaise(saved ?? null);
      setLoaded(true);
    })();
    return () => {
      live = false;
    };
  }, [store, token]);
  const queue = useCallback((p: PendingRaise) => setRaise(queuedFrom(p, token)), [token]);
  const clear = useCallback(() => setRaise(null), []);
  return { loaded, raise, queue, clear };
}
