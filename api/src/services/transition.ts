import type { DispatchConfig } from '../config.js';
import type { Db } from '../db/types.js';

/** What every dispatch use case needs: the database and the dispatch settings. */
export interface DispatchDeps {
  db: Db;
  dispatch: DispatchConfig;
}

export { SYSTEM, type ActorRef } from '../domain/dispatch/plan.js';
export type { CommittedEvent } from './dispatchTx.js';
