/**
 * A per-key counter over a sliding hour, in memory. Enough for registration abuse (a burst from one
 * address); limits that must hold across processes (raises per person) are counted in the database.
 */
export class RateWindow {
  private hits = new Map<string, number[]>();

  constructor(private readonly windowMs = 3_600_000) {}

  allow(key: string, limit: number, now = Date.now()): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 100_000) this.hits.clear(); // bounded memory under a spray of addresses
    return true;
  }
}
