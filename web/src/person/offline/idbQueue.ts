import type { QueuedRaise, QueueStore, Settlement } from './queue';

/** One database, one store, keyed by the idempotency key; the same in the page and in the service worker. */
const DB_NAME = 'alerta-person';
const STORE = 'raises';

const done = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

const committed = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const req = factory.open(DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'idempotencyKey' });
  return done(req);
}

/**
 * The raise queue in IndexedDB (reachable from a service worker, unlike localStorage). Each change is one
 * readwrite transaction, so "settle only a queued entry" holds between the page and the service worker.
 */
export function idbQueueStore(factory: IDBFactory = indexedDB): QueueStore {
  let db: Promise<IDBDatabase> | null = null;
  const run = async <T>(mode: IDBTransactionMode, body: (s: IDBObjectStore) => Promise<T>): Promise<T> => {
    db ??= open(factory).catch((err: unknown) => {
      db = null; // try again next time (a private window may refuse once)
      throw err;
    });
    const tx = (await db).transaction(STORE, mode);
    const [value] = await Promise.all([body(tx.objectStore(STORE)), committed(tx)]);
    return value;
  };
  return {
    all: () => run('readonly', async (s) => ((await done(s.getAll())) as QueuedRaise[]).sort((a, b) => a.at - b.at)),
    get: (key) => run('readonly', async (s) => ((await done(s.get(key))) as QueuedRaise | undefined) ?? null),
    add: (entry) =>
      run('readwrite', async (s) => {
        if ((await done(s.getKey(entry.idempotencyKey))) === undefined) await done(s.add(entry));
      }),
    settle: (key: string, settlement: Settlement) =>
      run('readwrite', async (s) => {
        const e = (await done(s.get(key))) as QueuedRaise | undefined;
        if (e && e.state === 'queued') await done(s.put({ ...e, ...settlement }));
      }),
    remove: (key) => run('readwrite', async (s) => void (await done(s.delete(key)))),
    clear: () => run('readwrite', async (s) => void (await done(s.clear()))),
  };
}
