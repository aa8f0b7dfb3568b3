import type { Queryable } from '../db/types.js';

/**
 * A global budget of wrong VINCULAR/LINK codes per window (docs/SMS.md, "Guessing link codes"). The
 * per-number flood limit does not stop an attacker with many numbers; this does: once `budget` wrong
 * codes were texted in the last `windowMs` (by any number, to any process), VINCULAR answers a neutral
 * "try later" and checks no code at all, a right one included, until the window has moved past them.
 *
 * Counted twice, cheapest first: in this process (no database work while it is tripped here), and in the
 * database (`sms_inbound` rows marked LINK_FAILED), so several processes share one budget.
 */
export interface LinkGuard {
  /** Whether codes may be checked now. */
  open(q: Queryable): Promise<boolean>;
  /** A wrong or expired code was texted in message `messageSid`. */
  failed(q: Queryable, messageSid: string): Promise<void>;
  /** A VINCULAR refused unchecked (recorded apart, so it does not keep the guard tripped). */
  blocked(q: Queryable, messageSid: string): Promise<void>;
}

export interface LinkGuardOptions {
  budget: number;
  windowMs: number;
  now?: () => number;
}

export function linkGuard({ budget, windowMs, now = Date.now }: LinkGuardOptions): LinkGuard {
  let failures: number[] = [];
  const recent = () => {
    const since = now() - windowMs;
    failures = failures.filter((t) => t > since);
    return failures.length;
  };
  return {
    async open(q) {
      if (recent() >= budget) return false;
      const r = await q.query<{ n: number }>(
        `select count(*)::int as n from sms_inbound where command = 'LINK_FAILED' and received_at > $1::timestamptz`,
        [new Date(now() - windowMs)],
      );
      return (r.rows[0]?.n ?? 0) < budget;
    },
    async failed(q, messageSid) {
      failures.push(now());
      await q.query(`update sms_inbound set command = 'LINK_FAILED' where message_sid = $1`, [messageSid]);
    },
    async blocked(q, messageSid) {
      await q.query(`update sms_inbound set command = 'LINK_BLOCKED' where message_sid = $1`, [messageSid]);
    },
  };
}
