/** What every simulated actor shares: a stoppable timer wheel, seeded draws and the tallies for the summary. */

/** Timers that all stop at once: nothing is scheduled or run after `stop()`. */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  get running(): boolean {
    return !this.stopped;
  }

  after(ms: number, fn: () => unknown): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) void Promise.resolve().then(fn).catch(() => undefined); // errors are counted where they happen
    }, Math.max(0, ms));
    this.timers.add(t);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** Seeded draws on top of a [0, 1) generator. */
export class Dice {
  constructor(readonly next: () => number) {}
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** One of `options`, by weight. */
  pick<T>(options: ReadonlyArray<readonly [T, number]>): T {
    const total = options.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of options) if ((r -= w) <= 0) return v;
    return options[options.length - 1]![0];
  }
}

/** What the simulated people did (what the server made of it is read from the control room's stream). */
export interface Tally {
  raiseAttempts: number;
  raised: number;
  raiseMs: number[];
  raidAlerts: number;
  raidAttempts: number;
  raidMs: number[];
  locationReports: number;
  availabilityChanges: number;
  claimsTried: number;
  claimsWon: number;
  declines: number;
  fieldUpdates: number;
  resolutions: number;
  wrapUpResolutions: number;
}

export const newTally = (): Tally => ({
  raiseAttempts: 0, raised: 0, raiseMs: [], raidAlerts: 0, raidAttempts: 0, raidMs: [], locationReports: 0, availabilityChanges: 0,
  claimsTried: 0, claimsWon: 0, declines: 0, fieldUpdates: 0, resolutions: 0, wrapUpResolutions: 0,
});
