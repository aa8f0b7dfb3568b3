import type { Queryable } from './types.js';
import { log } from '../log.js';

/** A WAL position ("16/B374D848") as one number, so positions compare. */
export function lsnValue(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

/**
 * How fresh the hot standby is, as a moment: everything the primary had committed at `freshAsOf()` is
 * visible on the standby. Every `everyMs` the primary's WAL position is sampled and the standby's replayed
 * position read; the newest sample the standby has replayed past dates its freshness. A replay timestamp
 * (`pg_last_xact_replay_timestamp`) would not do: with no writes it stays old although nothing is missing.
 * Two tiny queries a second; a standby that fails to answer is as stale as its last good answer.
 */
export class ReadFreshness {
  private samples: Array<{ at: number; lsn: bigint }> = [];
  private fresh: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly primary: Queryable,
    private readonly standby: Queryable,
    private readonly everyMs = 500,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The moment up to which the standby holds every commit; null: not known (yet), or never caught up. */
  freshAsOf(): number | null {
    return this.fresh;
  }

  /** One round: sample the primary, then see which samples the standby has replayed past. */
  async tick(): Promise<void> {
    if (this.running) return; // a slow round is not stacked on by the next
    this.running = true;
    try {
      const at = this.now();
      const p = await this.primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn', [], { name: 'primary_wal_lsn' });
      this.samples.push({ at, lsn: lsnValue(p.rows[0]!.lsn) });
      const s = await this.standby.query<{ lsn: string | null }>('select pg_last_wal_replay_lsn()::text as lsn', [], { name: 'standby_replay_lsn' });
      const replayed = s.rows[0]?.lsn ? lsnValue(s.rows[0].lsn) : null;
      if (replayed === null) return;
      let newest = -1;
      this.samples.forEach((x, i) => {
        if (x.lsn <= replayed) newest = i;
      });
      if (newest >= 0) {
        this.fresh = Math.max(this.fresh ?? 0, this.samples[newest]!.at);
        this.samples = this.samples.slice(newest + 1);
      }
      // A standby that stopped replaying must not grow this without bound: the oldest samples say enough.
      if (this.samples.length > 600) this.samples = this.samples.slice(-600);
    } catch (err) {
      log.warn('db.read_freshness_failed', { code: (err as { code?: string }).code ?? 'unknown' });
    } finally {
      this.running = false;
    }
  }
}
