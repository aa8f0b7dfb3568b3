import { describe, expect, it } from 'vitest';
import { tickBatched } from '../src/tickBatch.js';

describe('tickBatched', () => {
  it('loads the keys asked for in one turn in one call, in their order; the next turn makes another call', async () => {
    const calls: number[][] = [];
    const load = tickBatched(async (keys: number[]) => {
      calls.push(keys);
      return keys.map((k) => k * 10);
    });
    // Asked from resolvers that each await something first, as GraphQL's do.
    const asked = await Promise.all([1, 2, 3].map(async (k) => { await Promise.resolve(); return load(k); }));
    expect(asked).toEqual([10, 20, 30]);
    expect(await load(4)).toBe(40);
    expect(calls).toEqual([[1, 2, 3], [4]]);
  });

  it('a failed call fails every key of its batch, and the next batch is called afresh', async () => {
    let fail = true;
    const load = tickBatched(async (keys: string[]) => {
      if (fail) throw new Error('database away');
      return keys.map((k) => k.toUpperCase());
    });
    const first = await Promise.allSettled([load('a'), load('b')]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await Promise.all([load('a'), load('b')])).toEqual(['A', 'B']);
  });

  it('a call answering fewer values than keys fails the keys left without one', async () => {
    const load = tickBatched(async (keys: number[]) => keys.slice(0, 1));
    const r = await Promise.allSettled([load(1), load(2)]);
    expect(r.map((x) => x.status)).toEqual(['fulfilled', 'rejected']);
  });
});
