/**
 * A function's results by key, at most `limit` of them: the least recently used is forgotten first, so a
 * client sending endless distinct keys costs the same work as without the memo and no unbounded memory.
 */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(
    private readonly limit: number,
    private readonly compute: (key: K) => V,
  ) {}

  get(key: K): V {
    if (this.entries.has(key)) {
      const value = this.entries.get(key)!;
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = this.compute(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as K);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
