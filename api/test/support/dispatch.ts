import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Config } from '../../src/config.js';
import type { RunningServer } from '../../src/http/server.js';
import type { TestDb } from './db.js';
import { gql, personToken, supervisorToken, token, type GqlResult } from './server.js';
import { hashPin } from '../../src/auth/pins.js';

/** What `serverFixture` returns, as the dispatch helpers need it. */
export interface Fixture {
  t: TestDb;
  server: RunningServer & { config: Config };
}

export interface Pt {
  lat: number;
  lon: number;
}

/** Consulate city centres (each inside its own district), far enough apart that tests in different ones never meet. */
export const CITY = {
  losangeles: { lat: 34.0522, lon: -118.2437 },
  sandiego: { lat: 32.7157, lon: -117.1611 },
  chicago: { lat: 41.8781, lon: -87.6298 },
  denver: { lat: 39.7392, lon: -104.9903 },
  atlanta: { lat: 33.749, lon: -84.388 },
  boston: { lat: 42.3601, lon: -71.0589 },
  seattle: { lat: 47.6062, lon: -122.3321 },
  miami: { lat: 25.7617, lon: -80.1918 },
  dallas: { lat: 32.7767, lon: -96.797 },
  houston: { lat: 29.7604, lon: -95.3698 },
  phoenix: { lat: 33.4484, lon: -112.074 },
  detroit: { lat: 42.3314, lon: -83.0458 },
  omaha: { lat: 41.2565, lon: -95.9345 },
  raleigh: { lat: 35.7796, lon: -78.6382 },
  boise: { lat: 43.615, lon: -116.2023 },
  portland: { lat: 45.5152, lon: -122.6784 },
  saintpaul: { lat: 44.9537, lon: -93.09 },
  saltlakecity: { lat: 40.7608, lon: -111.891 },
  albuquerque: { lat: 35.0844, lon: -106.6504 },
  kansascity: { lat: 39.0997, lon: -94.5786 },
  indianapolis: { lat: 39.7684, lon: -86.1581 },
  littlerock: { lat: 34.7465, lon: -92.2896 },
  oklahoma: { lat: 35.4676, lon: -97.5164 },
  nuevaorleans: { lat: 29.9511, lon: -90.0715 },
  orlando: { lat: 28.5383, lon: -81.3792 },
  milwaukee: { lat: 43.0389, lon: -87.9065 },
  lasvegas: { lat: 36.1699, lon: -115.1398 },
  fresno: { lat: 36.7378, lon: -119.7871 },
  sacramento: { lat: 38.5816, lon: -121.4944 },
  washington: { lat: 38.9072, lon: -77.0369 },
  nuevayork: { lat: 40.7128, lon: -74.006 },
  filadelfia: { lat: 39.9526, lon: -75.1652 },
  santaana: { lat: 33.7455, lon: -117.8677 },
} satisfies Record<string, Pt>;

/** The point `kmNorth` north and `kmEast` east of `p` (a local approximation, well within a few % up to 40 km). */
export function offset(p: Pt, kmNorth: number, kmEast = 0): Pt {
  const lat = p.lat + kmNorth / 111.2;
  const lon = p.lon + kmEast / (111.32 * Math.cos((p.lat * Math.PI) / 180));
  return { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
}

export const ALERT_FIELDS = `id status duress offerCount personLanguage disposition resolutionNote consulate { id }
  offer { distanceKm expiresAt advisor { id consulate { id } } }
  assignedAdvisor { id activeAlerts capacity }
  clocks { toOfferS toAcknowledgeS toOnSceneS toResolveS }
  events { type fromStatus toStatus actorRole note }`;

/** The same for a PERSON: an advisor's load and capacity are not shown to persons (FORBIDDEN). */
export const PERSON_ALERT_FIELDS = ALERT_FIELDS.replace('assignedAdvisor { id activeAlerts capacity }', 'assignedAdvisor { id }');

export const Q = {
  raise: `mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) { ${PERSON_ALERT_FIELDS} } }`,
  alert: `query($id: ID!) { alert(id: $id) { ${ALERT_FIELDS} } }`,
  claim: `mutation($id: ID!) { claimAlert(id: $id) { ${ALERT_FIELDS} } }`,
  decline: `mutation($id: ID!) { declineOffer(id: $id) { id status } }`,
  assign: `mutation($id: ID!, $advisorId: ID!) { assignAlert(id: $id, advisorId: $advisorId) { ${ALERT_FIELDS} } }`,
  reassign: `mutation($id: ID!, $advisorId: ID!) { reassignAlert(id: $id, advisorId: $advisorId) { ${ALERT_FIELDS} } }`,
  escalate: `mutation($id: ID!, $note: String) { escalateAlert(id: $id, note: $note) { ${ALERT_FIELDS} } }`,
  progress: `mutation($id: ID!, $status: FieldStatus!) { updateAlertStatus(id: $id, status: $status) { ${ALERT_FIELDS} } }`,
  resolve: `mutation($id: ID!, $disposition: Disposition!, $note: String) { resolveAlert(id: $id, disposition: $disposition, note: $note) { ${ALERT_FIELDS} } }`,
  cancel: `mutation($id: ID!, $pin: String) { cancelAlert(id: $id, pin: $pin) { ${PERSON_ALERT_FIELDS} } }`,
  move: `mutation($id: ID!, $location: LocationInput!, $recordedAt: DateTime) { updateAlertLocation(id: $id, location: $location, recordedAt: $recordedAt) { ${PERSON_ALERT_FIELDS} } }`,
  register: `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { token person { id displayName preferredLanguage trustedContacts { name phone } } } }`,
  createAdvisor: `mutation($input: CreateAdvisorInput!) { createAdvisor(input: $input) { id name kind languages capacity activeAlerts availability active consulate { id } } }`,
  reportLocation: `mutation($location: LocationInput!, $recordedAt: DateTime) { reportAdvisorLocation(location: $location, recordedAt: $recordedAt) { id location { lat lon } locationAt } }`,
  setAvailability: `mutation($a: Availability!) { setAvailability(availability: $a) { id availability } }`,
  roster: `query($c: ID) { advisors(consulateId: $c) { id name consulate { id } capacity activeAlerts active availability languages location { lat lon } locationAt } }`,
};

export interface AlertView {
  id: string;
  status: string;
  duress: boolean;
  offerCount: number;
  personLanguage: string | null;
  disposition: string | null;
  resolutionNote: string | null;
  consulate: { id: string };
  offer: { distanceKm: number; expiresAt: string; advisor: { id: string; consulate: { id: string } } } | null;
  assignedAdvisor: { id: string; activeAlerts: number; capacity: number } | null;
  clocks: { toOfferS: number | null; toAcknowledgeS: number | null; toOnSceneS: number | null; toResolveS: number | null };
  events: Array<{ type: string; fromStatus: string | null; toStatus: string | null; actorRole: string; note: string | null }>;
}

export interface TestAdvisor {
  id: string;
  token: string;
}

/** The PINs of `personWithPins` (a person without PINs cannot cancel from the phone: PIN_NOT_SET). */
export const TEST_PIN = '1234';
export const TEST_DURESS_PIN = '9999';
let pinHashes: Promise<{ cancel: string; duress: string }> | null = null;
const testPinHashes = () => (pinHashes ??= Promise.all([hashPin(TEST_PIN), hashPin(TEST_DURESS_PIN)]).then(([cancel, duress]) => ({ cancel, duress })));

export const advisorToken = (id: string) => token({ role: 'ADVISOR', sub: `adv-${id}`, advisorId: id });
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const errorCode = (r: GqlResult) => r.errors?.[0]?.extensions?.code;

/** Helpers bound to one fixture: create and position advisors, raise alerts, drive and read them. */
export function dispatchKit(f: Fixture) {
  const call = async (query: string, vars: Record<string, unknown> = {}, tok?: string) => gql(f.server.url, query, vars, tok);

  /** Runs an operation that must succeed and returns its data. */
  async function ok<T = any>(query: string, vars: Record<string, unknown>, tok: string): Promise<T> {
    const r = await call(query, vars, tok);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    return r.data as T;
  }

  /** Runs an operation that must fail and returns its `extensions.code`. */
  async function fails(query: string, vars: Record<string, unknown>, tok?: string): Promise<string | undefined> {
    const r = await call(query, vars, tok);
    expect(r.errors, `expected an error, got ${JSON.stringify(r.data)}`).toBeDefined();
    return errorCode(r);
  }

  const sql = async <R = any>(text: string, params: unknown[] = []) => (await f.t.db.query<R>(text, params)).rows;

  return {
    call,
    ok,
    fails,
    sql,
    /** Nobody on duty anywhere (or in the given consulates): each test then creates exactly the advisors it needs. */
    async offDuty(...consulateIds: string[]) {
      if (consulateIds.length === 0) await sql(`update advisors set availability = 'OFF_DUTY'`);
      else await sql(`update advisors set availability = 'OFF_DUTY' where consulate_id = any($1::text[])`, [consulateIds]);
    },
    /** A fresh advisor created by the control room, positioned at `at` now and AVAILABLE. */
    async addAdvisor(consulateId: string, at: Pt, opts: { languages?: string[]; capacity?: number; name?: string } = {}): Promise<TestAdvisor> {
      const sup = await supervisorToken();
      const input = { consulateId, name: opts.name ?? `Test ${randomUUID().slice(0, 8)}`, kind: 'PROTECTION_OFFICER', languages: opts.languages ?? ['es'], capacity: opts.capacity ?? 1 };
      const { createAdvisor } = await ok(Q.createAdvisor, { input }, sup);
      const tok = await advisorToken(createAdvisor.id);
      await ok(Q.reportLocation, { location: at }, tok);
      await ok(Q.setAvailability, { a: 'AVAILABLE' }, tok);
      return { id: createAdvisor.id, token: tok };
    },
    /** A person registered through the API with these PINs. */
    async register(cancelPin: string, duressPin: string): Promise<{ token: string; person: { id: string } }> {
      return (await ok(Q.register, { input: { cancelPin, duressPin } }, undefined as never)).registerPerson;
    },
    /** A fresh person with the PINs `TEST_PIN` (cancel) and `TEST_DURESS_PIN`, and their token. */
    async personWithPins(): Promise<string> {
      const id = randomUUID();
      const h = await testPinHashes();
      await sql('insert into persons (id, cancel_pin_hash, duress_pin_hash) values ($1, $2, $3)', [id, h.cancel, h.duress]);
      return personToken(id);
    },
    /** Raises an alert at `at` as a person (a fresh anonymous one, without PINs, unless a token is given). */
    async raise(at: Pt, personTok?: string, key: string = randomUUID()): Promise<AlertView & { personToken: string }> {
      const p = personTok ?? (await personToken(randomUUID()));
      const { raiseAlert } = await ok(Q.raise, { input: { location: at, idempotencyKey: key } }, p);
      return { ...raiseAlert, personToken: p };
    },
    /** The alert as a supervisor (or the given token) sees it. */
    async read(id: string, tok?: string): Promise<AlertView> {
      const r = await ok(Q.alert, { id }, tok ?? (await supervisorToken()));
      return r.alert;
    },
    /** The alert's offers, oldest first. */
    offers: (alertId: string) =>
      sql<{ id: number; advisor_id: string; outcome: string | null; settled_at: Date | null }>(
        'select id, advisor_id, outcome, settled_at from alert_offers where alert_id = $1::uuid order by id', [alertId]),
    async activeAlerts(advisorId: string): Promise<number> {
      return Number((await sql<{ n: number }>('select active_alerts as n from advisors where id = $1::uuid', [advisorId]))[0]!.n);
    },
  };
}

/** Event types of a timeline, in order. */
export const types = (a: Pick<AlertView, 'events'>) => a.events.map((e) => e.type);
