import type { Db, TxQueryable } from '../db/types.js';
import { forgetAlerts, forgetIncidents, forgetLooseSms } from '../sql/history.js';
import { log } from '../log.js';

/** Rows per transaction: short locks, and a first pass over a long backlog never holds thousands at once. */
export const HISTORY_BATCH = 1000;

export interface Forgotten {
  alerts: number;
  incidents: number;
  sms: number;
}

/**
 * One pass of the alerts' horizon (sql/history.ts), after the partition pass has dropped the months it could:
 * alerts first (an incident goes only once its members are gone), batch after batch until one finds nothing,
 * each batch its own transaction.
 */
export async function forgetOldHistory(db: Db, historyDays: number, batch = HISTORY_BATCH): Promise<Forgotten> {
  const drain = async (step: (q: TxQueryable) => Promise<number>) => {
    let total = 0;
    // Until a batch finds nothing: an incident merged into another goes first, freeing that one for the next.
    for (let n = -1; n !== 0; total += n) n = await db.tx(step);
    return total;
  };
  const alerts = await drain((q) => forgetAlerts(q, historyDays, batch));
  const incidents = await drain((q) => forgetIncidents(q, historyDays, batch));
  const sms = await db.tx((q) => forgetLooseSms(q, historyDays));
  if (alerts + incidents + sms > 0) log.info('history.forgotten', { alerts, incidents, sms, historyDays });
  return { alerts, incidents, sms };
}
