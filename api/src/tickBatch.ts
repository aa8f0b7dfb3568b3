/**
 * Loads asked for in the same turn of the event loop, in one call: `load` gets every key asked for since the
 * last call and answers one value per key, in their order. The call goes out once the promise jobs queued in
 * that turn have run (as DataLoader schedules it), so that GraphQL's resolvers for every item of a list, or a
 * hub's watchers for every event of a batch, all get in. A failed call fails each of its keys' promises.
 */
export function tickBatched<K, V>(load: (keys: K[]) => Promise<V[]>): (key: K) => Promise<V> {
  let pending: Array<{ key: K; resolve: (v: V) => void; reject: (e: unknown) => void }> | null = null;
  const flush = () => {
    const batch = pending!;
    pending = null;
    load(batch.map((b) => b.key)).then(
      (values) => batch.forEach((b, i) => (i < values.length ? b.resolve(values[i]!) : b.reject(new Error('tickBatched: no value for a key')))),
      (err: unknown) => batch.forEach((b) => b.reject(err)),
    );
  };
  return (key) =>
    new Promise<V>((resolve, reject) => {
      if (!pending) {
        pending = [];
        void Promise.resolve().then(() => process.nextTick(flush));
      }
      pending.push({ key, resolve, reject });
    });
}
