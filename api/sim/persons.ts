/**
 * Simulated persons pressing the alert button: a Poisson stream at `rate` per second whose places
 * follow population (api/sim/geo.ts), and optionally a raid: a burst of alerts around one point. Each
 * alert comes from a new person (its own PERSON token), with the person app's own raise document.
 */
import { DOCS, type Api } from './client.js';
import { alertOrigin, nextArrivalS, pointNear, type LonLat, type Place } from './geo.js';
import type { Dice, Scheduler, Tally } from './world.js';

const KINDS = [['IMMINENT_DETENTION', 50], ['RAID_NEARBY', 15], ['DETAINED', 15], ['CHECKPOINT', 15], ['OTHER', 5]] as const;
const RAID_KINDS = [['RAID_NEARBY', 7], ['DETAINED', 3]] as const;

export class Crowd {
  /** Alert id → the consulate it was routed to, for every alert this run raised. */
  readonly raised = new Map<string, string>();
  /** The raid's alerts, in the order their raise was answered. */
  readonly raidIds: string[] = [];
  private n = 0;

  constructor(
    private readonly api: Api,
    private readonly sched: Scheduler,
    private readonly tally: Tally,
    /** Distinguishes this run's persons and idempotency keys from an earlier run with the same seed. */
    private readonly runId: string,
  ) {}

  private async raise(p: LonLat, kind: string, raid: boolean): Promise<void> {
    const k = this.n++;
    const token = await this.api.token({ role: 'PERSON', sub: `sim-${this.runId}-${k}` });
    const input = { location: { lon: p.lon, lat: p.lat, accuracyM: Math.round(10 + (k % 7) * 8) }, idempotencyKey: `sim-${this.runId}-${k}`, kind };
    this.tally.raiseAttempts++;
    if (raid) this.tally.raidAttempts++;
    const t0 = performance.now();
    const r = await this.api.call<{ raiseAlert: { id: string; consulate: { id: string } } }>('raiseAlert', DOCS.raise, { input }, token);
    const ms = performance.now() - t0;
    this.tally.raiseMs.push(ms);
    this.tally.raised++;
    if (raid) {
      this.tally.raidAlerts++;
      this.tally.raidMs.push(ms);
      this.raidIds.push(r.raiseAlert.id);
    }
    this.raised.set(r.raiseAlert.id, r.raiseAlert.consulate.id);
  }

  /** Alerts at `rate` per second for `durationMs`, placed by population weight among `places`. */
  startStream(places: Place[], rate: number, durationMs: number, dice: Dice): void {
    if (rate <= 0 || places.length === 0) return;
    const start = performance.now();
    // One timer at a time, each arrival scheduling the next: the draws happen in the same order every run.
    const next = (at: number) => {
      if (at >= durationMs) return;
      this.sched.after(at - (performance.now() - start), () => {
        next(at + nextArrivalS(rate, dice.next) * 1000);
        return this.raise(alertOrigin(places, dice.next), dice.pick(KINDS), false);
      });
    };
    next(nextArrivalS(rate, dice.next) * 1000);
  }

  /**
   * A raid: `size` alerts from as many persons within `radiusKm` of `centre`, at uniformly random
   * moments of `spanMs` starting at `startMs`.
   */
  startRaid(centre: LonLat, radiusKm: number, size: number, startMs: number, spanMs: number, dice: Dice): void {
    for (let i = 0; i < size; i++) {
      const p = pointNear(centre, radiusKm, dice.next);
      const kind = dice.pick(RAID_KINDS);
      this.sched.after(startMs + dice.next() * spanMs, () => this.raise(p, kind, true));
    }
  }
}
