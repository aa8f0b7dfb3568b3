/**
 * An async generator that waits for the next event cannot be stopped by `return()`: the call queues
 * behind the pending `next()` until another event arrives, so a client that unsubscribes from a quiet
 * stream would keep its listener (and its socket's cleanup) forever. This wrapper aborts a signal the
 * generator listens to, which wakes it to finish at once.
 */
export function abortable<T>(factory: (signal: AbortSignal) => AsyncGenerator<T>): AsyncGenerator<T> {
  const ac = new AbortController();
  const gen = factory(ac.signal);
  const it: AsyncGenerator<T> = {
    next: (...args) => gen.next(...args),
    async return(value) {
      ac.abort();
      return gen.return(value);
    },
    async throw(err) {
      ac.abort();
      return gen.throw(err);
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}

/** Resolves when the signal aborts (for generators waiting on something else at the same time). */
export const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
