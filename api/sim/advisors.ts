/**
 * Simulated field advisors: each moves on a random walk around home and reports its position, goes
 * busy or off duty now and then, listens to `nearbyAlerts`, claims (or declines, or lets expire) the
 * offers made to it, sometimes volunteers for an escalated alert nearby, and works a claimed alert
 * through EN_ROUTE and ON_SCENE to a resolution.
 */
import { ApiError, DOCS, type Api } from './client.js';
import { walk, pointNear, type LonLat } from './geo.js';
import type { Dice, Scheduler, Tally } from './world.js';

export interface RosterEntry {
  id: string;
  name: string;
  active: boolean;
  availability: string;
  capacity: number;
  activeAlerts: number;
  consulate: { id: string };
  location: { lat: number; lon: number } | null;
}

interface Agent {
  id: string;
  token: string;
  home: LonLat;
  pos: LonLat;
  capacity: number;
  availability: string;
  /** What it was before the simulation, restored at the end. */
  before: string;
  holding: Set<string>;
  seen: Set<string>;
}

interface NearbyEvent {
  nearbyAlerts: { type: string; alert: { id: string; status: string; offer: { advisor: { id: string } } | null } };
}

const DISPOSITIONS = [
  ['RELEASED_ON_SITE', 4], ['NOT_ENFORCEMENT', 3], ['LEGAL_REPRESENTATION_PROVIDED', 3], ['DETAINED_BY_ICE', 2],
  ['FALSE_ALARM', 2], ['DETAINED_BY_LOCAL_POLICE', 1], ['REFERRED_TO_CONSULATE', 1],
] as const;
const s = (seconds: number) => seconds * 1000;

export class AdvisorCrew {
  private readonly agents: Agent[] = [];

  constructor(
    private readonly api: Api,
    private readonly sched: Scheduler,
    private readonly dice: Dice,
    private readonly tally: Tally,
  ) {}

  get size(): number {
    return this.agents.length;
  }

  /** Puts the chosen advisors on duty (position, AVAILABLE, nearbyAlerts) and starts their routines. */
  async start(roster: RosterEntry[], homes: Map<string, LonLat>): Promise<void> {
    for (const r of roster) {
      const home = homes.get(r.consulate.id) ?? r.location ?? { lat: 34.05, lon: -118.25 };
      const a: Agent = {
        id: r.id, token: await this.api.token({ role: 'ADVISOR', sub: `sim-advisor-${r.id}`, advisorId: r.id }),
        home, pos: pointNear(home, 15, this.dice.next), capacity: r.capacity, availability: r.availability, before: r.availability,
        holding: new Set(), seen: new Set(),
      };
      this.agents.push(a);
      await this.report(a).catch(() => undefined);
      await this.setAvailability(a, 'AVAILABLE').catch(() => undefined);
      const ws = this.api.socket(a.token);
      this.api.subscribe<NearbyEvent>(ws, 'nearbyAlerts', DOCS.nearby, { radiusKm: 30 }, (d) => this.onEvent(a, d.nearbyAlerts));
      this.sched.after(this.dice.between(s(2), s(8)), () => this.move(a));
      this.sched.after(this.dice.between(s(30), s(90)), () => this.maybeBreak(a));
    }
  }

  private async report(a: Agent): Promise<void> {
    await this.api.call('reportAdvisorLocation', DOCS.report, { location: { ...a.pos, accuracyM: Math.round(this.dice.between(5, 40)) } }, a.token);
    this.tally.locationReports++;
  }

  private async setAvailability(a: Agent, availability: string): Promise<void> {
    await this.api.call('setAvailability', DOCS.availability, { availability }, a.token);
    a.availability = availability;
    this.tally.availabilityChanges++;
  }

  private async move(a: Agent): Promise<void> {
    a.pos = walk(a.pos, a.home, this.dice.between(0.1, 0.6), 25, this.dice.next);
    this.sched.after(this.dice.between(s(4), s(8)), () => this.move(a));
    await this.report(a);
  }

  /** Now and then an idle advisor goes busy or off duty for a while, then comes back. */
  private async maybeBreak(a: Agent): Promise<void> {
    this.sched.after(this.dice.between(s(30), s(90)), () => this.maybeBreak(a));
    if (a.holding.size > 0 || a.availability !== 'AVAILABLE' || !this.dice.chance(0.15)) return;
    await this.setAvailability(a, this.dice.chance(0.6) ? 'BUSY' : 'OFF_DUTY');
    this.sched.after(this.dice.between(s(20), s(60)), () => this.setAvailability(a, 'AVAILABLE'));
  }

  private onEvent(a: Agent, e: NearbyEvent['nearbyAlerts']): void {
    const free = a.availability === 'AVAILABLE' && a.holding.size < a.capacity;
    if (e.type === 'OFFERED' && e.alert.offer?.advisor.id === a.id && !a.seen.has(e.alert.id)) {
      a.seen.add(e.alert.id);
      if (!free) return; // lets it expire; dispatch moves on after the offer's TTL
      const r = this.dice.next();
      if (r < 0.75) this.sched.after(this.dice.between(s(2), s(12)), () => this.claim(a, e.alert.id));
      else if (r < 0.87) this.sched.after(this.dice.between(s(2), s(6)), () => this.decline(a, e.alert.id));
    } else if (e.type === 'ESCALATED' && free && !a.seen.has(`esc:${e.alert.id}`)) {
      a.seen.add(`esc:${e.alert.id}`);
      // Nobody took it: a nearby advisor may step in (exactly one wins; the rest get ALREADY_CLAIMED).
      if (this.dice.chance(0.25)) this.sched.after(this.dice.between(s(3), s(10)), () => this.claim(a, e.alert.id));
    }
  }

  private async claim(a: Agent, alertId: string): Promise<void> {
    if (a.holding.size >= a.capacity) return;
    this.tally.claimsTried++;
    try {
      await this.api.call('claimAlert', DOCS.claim, { id: alertId }, a.token);
    } catch (err) {
      if (err instanceof ApiError) return; // ALREADY_CLAIMED and the like: counted by code
      throw err;
    }
    this.tally.claimsWon++;
    a.holding.add(alertId);
    const enRoute = this.dice.between(s(4), s(12));
    const onScene = enRoute + this.dice.between(s(8), s(25));
    const done = onScene + this.dice.between(s(10), s(40));
    this.sched.after(enRoute, () => this.progress(a, alertId, 'EN_ROUTE'));
    this.sched.after(onScene, () => this.progress(a, alertId, 'ON_SCENE'));
    this.sched.after(done, () => this.resolve(a, alertId, this.dice.pick(DISPOSITIONS), null));
  }

  private async decline(a: Agent, alertId: string): Promise<void> {
    await this.api.call('declineOffer', DOCS.decline, { id: alertId }, a.token);
    this.tally.declines++;
  }

  private async progress(a: Agent, alertId: string, status: 'EN_ROUTE' | 'ON_SCENE'): Promise<void> {
    if (!a.holding.has(alertId)) return;
    await this.api.call('updateAlertStatus', DOCS.progress, { id: alertId, status }, a.token);
    this.tally.fieldUpdates++;
  }

  private async resolve(a: Agent, alertId: string, disposition: string, note: string | null): Promise<boolean> {
    if (!a.holding.delete(alertId)) return false;
    try {
      await this.api.call('resolveAlert', DOCS.resolve, { id: alertId, disposition, note }, a.token);
    } catch {
      return false;
    }
    this.tally.resolutions++;
    return true;
  }

  /** At the end: alerts still held are resolved (so the advisors' capacity is free again) and availability is restored. */
  async wrapUp(): Promise<void> {
    await Promise.all(this.agents.map(async (a) => {
      for (const id of [...a.holding]) if (await this.resolve(a, id, 'OTHER', 'simulation ended')) this.tally.wrapUpResolutions++;
      if (a.availability !== a.before) await this.setAvailability(a, a.before).catch(() => undefined);
    }));
  }
}
