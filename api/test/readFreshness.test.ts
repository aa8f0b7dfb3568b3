import { describe, expect, it } from 'vitest';
import { ReadFreshness, lsnValue } from '../src/db/readFreshness.js';
import { RecentWrites, lagTolerantReads } from '../src/graphql/lagTolerantReads.js';
import type { Db, Queryable } from '../src/db/types.js';
import type { Config } from '../src/config.js';
import type { Viewer } from '../src/domain/viewer.js';

/** A database answering one WAL position, settable by the test. */
const wal = (column: string) => {
  const at = { lsn: '0/0' as string | null };
  const q = { query: async () => ({ rows: [{ [column]: at.lsn }], rowCount: 1 }) } as unknown as Queryable;
  return { at, q };
};

describe('standby freshness (db/readFreshness.ts)', () => {
  it('WAL positions compare across the segment boundary', () => {
    expect(lsnValue('1/0') > lsnValue('0/FFFFFFFF')).toBe(true);
    expect(lsnValue('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
  });

  it('is dated by the newest primary sample the standby has replayed past, and stands still while it lags', async () => {
    let now = 1_000;
    const primary = wal('lsn');
    const standby = wal('lsn');
    const f = new ReadFreshness(primary.q, standby.q, 500, () => now);
    expect(f.freshAsOf()).toBeNull();
    primary.at.lsn = '0/100';
    standby.at.lsn = '0/100';
    await f.tick();
    expect(f.freshAsOf()).toBe(1_000);
    // The primary writes; the standby does not replay it: freshness stays at the last moment it held all.
    now = 2_000;
    primary.at.lsn = '0/200';
    await f.tick();
    now = 3_000;
    await f.tick();
    expect(f.freshAsOf()).toBe(1_000);
    // It replays past the 2 s sample but not the 3 s one (the primary wrote again at 3 s).
    now = 4_000;
    primary.at.lsn = '0/300';
    standby.at.lsn = '0/250';
    await f.tick();
    expect(f.freshAsOf()).toBe(3_000);
  });

  it('a standby that answers nothing (not in recovery) never counts as fresh', async () => {
    const primary = wal('lsn');
    const standby = wal('lsn');
    standby.at.lsn = null;
    const f = new ReadFreshness(primary.q, standby.q, 500, () => 5);
    await f.tick();
    expect(f.freshAsOf()).toBeNull();
  });
});

describe('lag-tolerant reads (graphql/lagTolerantReads.ts)', () => {
  const primary = { name: 'primary' } as unknown as Db;
  const standby = { name: 'standby' } as unknown as Queryable;
  const ctx = (fresh: number | null, sub: string, writes: RecentWrites) => ({
    db: { ...primary, reads: standby, readFreshness: { freshAsOf: () => fresh } } as Db,
    config: { readMaxLagMs: 5_000 } as Config,
    viewer: { role: 'OPERATOR', sub, consulateId: 'losangeles' } as Viewer,
    recentWrites: writes,
  });

  it('the standby within the bound; the primary beyond it, before the first sample, and for a caller whose write it lacks', () => {
    const writes = new RecentWrites();
    expect(lagTolerantReads(ctx(10_000, 'a', writes), 12_000).target).toBe('standby');
    expect(lagTolerantReads(ctx(10_000, 'a', writes), 15_001).target).toBe('primary');
    expect(lagTolerantReads(ctx(null, 'a', writes), 12_000).target).toBe('primary');
    writes.record('a', 11_000);
    expect(lagTolerantReads(ctx(10_000, 'a', writes), 12_000).target).toBe('primary');
    expect(lagTolerantReads(ctx(10_000, 'b', writes), 12_000).target).toBe('standby');
    expect(lagTolerantReads(ctx(11_500, 'a', writes), 12_000).target).toBe('standby');
  });

  it('no standby configured: always the primary', () => {
    const c = { ...ctx(10_000, 'a', new RecentWrites()), db: primary };
    expect(lagTolerantReads(c, 10_001).target).toBe('primary');
  });

  it('remembers a bounded number of callers, the least recent forgotten first', () => {
    const writes = new RecentWrites(2);
    writes.record('a', 1);
    writes.record('b', 2);
    writes.record('a', 3);
    writes.record('c', 4);
    expect(writes.lastWrite('b')).toBeUndefined();
    expect(writes.lastWrite('a')).toBe(3);
    expect(writes.lastWrite('c')).toBe(4);
  });
});
