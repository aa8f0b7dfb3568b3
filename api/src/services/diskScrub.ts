import type { Db } from '../db/types.js';
import { scrubTables } from '../sql/diskScrub.js';
import { log } from '../log.js';

interface ScrubState {
  running: Promise<void> | null;
  again: boolean;
}
const states = new WeakMap<Db, ScrubState>();

/**
 * After an erasure or a purge: erased data gone from the database's files (sql/diskScrub.ts). One scrub
 * at a time per database; asked for while one runs, exactly one more runs after it (it must start after
 * the caller's commit to cover it). Resolves when a scrub started after this call has finished. Never
 * throws: the erasure itself is committed whatever happens here; failures are logged.
 */
export function scrubDisk(db: Db): Promise<void> {
  let s = states.get(db);
  if (!s) states.set(db, (s = { running: null, again: false }));
  const state = s;
  if (state.running) {
    state.again = true; // the loop below runs once more, after the caller's commit
    return state.running;
  }
  const run = async () => {
    const started = Date.now();
    try {
      const { walMoved } = await scrubTables(db);
      log.info('privacy.scrubbed', { ms: Date.now() - started, walMoved });
      if (!walMoved) log.warn('privacy.walNotMoved', { why: 'CHECKPOINT or pg_switch_wal refused: old WAL segments keep erased rows until recycled' });
    } catch (err) {
      log.warn('privacy.scrubFailed', { err: err as Error });
    }
  };
  state.running = (async () => {
    do {
      state.again = false;
      await run();
    } while (state.again);
    state.running = null;
  })();
  return state.running;
}
