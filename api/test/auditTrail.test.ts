import { describe, expect, it } from 'vitest';
import type { Db } from '../src/db/types.js';
import { AuditTrail } from '../src/services/audit.js';

/** A database whose inserts wait until the test lets them through, counting the rows of each. */
function heldDb() {
  const inserts: number[] = [];
  const waiting: Array<() => void> = [];
  let failNext = false;
  const db = {
    query: (_sql: string, params: unknown[]) => {
      inserts.push((params[0] as unknown[]).length);
      return new Promise((resolve, reject) => waiting.push(() => {
        if (failNext) {
          failNext = false;
          reject(new Error('database away'));
        } else resolve({ rows: [] });
      }));
    },
  } as unknown as Db;
  return { db, inserts, release: () => waiting.splice(0).forEach((go) => go()), failNext: () => void (failNext = true) };
}
const turn = () => new Promise((r) => setImmediate(r));
const op = { role: 'OPERATOR', sub: 'op-1', consulateId: 'losangeles' } as never;

describe('the audit trail', () => {
  it('one insert per turn, and at most one under way: what is recorded meanwhile goes together in the next', async () => {
    const h = heldDb();
    const trail = new AuditTrail(h.db);
    trail.record(op, 'READ_LOCATION', 'alert', 'a1');
    trail.record(op, 'READ_LOCATION', 'alert', 'a2');
    await turn();
    expect(h.inserts).toEqual([2]);
    // Three more turns while the first insert is under way: no insert yet.
    for (const id of ['a3', 'a4', 'a5']) {
      trail.record(op, 'READ_LOCATION', 'alert', id);
      await turn();
    }
    expect(h.inserts).toEqual([2]);
    h.release();
    await turn();
    await turn();
    expect(h.inserts).toEqual([2, 3]);
    const flushed = trail.flush();
    h.release();
    expect(await flushed).toBe(3);
  });

  it('flush writes what is pending and waits for the write under way; a failed insert is logged, the next goes on', async () => {
    const h = heldDb();
    const trail = new AuditTrail(h.db);
    trail.record(op, 'READ_LOCATION', 'alert', 'b1');
    await turn();
    h.failNext();
    trail.record(op, 'READ_LOCATION', 'alert', 'b2');
    const flushed = trail.flush();
    h.release(); // the first insert fails
    await turn();
    await turn();
    expect(h.inserts).toEqual([1, 1]);
    h.release();
    expect(await flushed).toBe(1);
  });
});
