/**
 * Every root field (Query, Mutation, Subscription) × every role × own/other object, driven by a table.
 * Expected outcomes come from the schema's own declarations (@public / @auth) plus the object rules:
 * a role outside the declaration is refused (UNAUTHENTICATED without a token, FORBIDDEN with one);
 * "other" objects (another person's alert, another consulate's) are refused exactly as a missing id is.
 * A root field missing from the table fails the test, so new operations cannot skip this matrix.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDirective } from '@graphql-tools/utils';
import { buildSchema } from '../src/graphql/schema.js';
import { backends } from './support/db.js';
import { collect, eventually, gql, operatorToken, personToken, serverFixture, supervisorToken, token, wsClient } from './support/server.js';

type Who = 'anon' | 'person' | 'otherPerson' | 'advisor' | 'operator' | 'otherOperator' | 'supervisor';
const WHO: Who[] = ['anon', 'person', 'otherPerson', 'advisor', 'operator', 'otherOperator', 'supervisor'];
const ROLE: Record<Who, string | null> = { anon: null, person: 'PERSON', otherPerson: 'PERSON', advisor: 'ADVISOR', operator: 'OPERATOR', otherOperator: 'OPERATOR', supervisor: 'SUPERVISOR' };

interface Fixture { alertId: string; advisorId: string; otherAdvisorId: string }
interface Cell {
  doc: string;
  vars?: (fx: Fixture) => Record<string, unknown>;
  /** Acts on a Los Angeles alert of `owner`: "other" callers are refused exactly like a missing id. */
  object?: boolean;
  /** Acts on Los Angeles' roster: an operator of another consulate is refused. */
  scoped?: boolean;
}

const TABLE: Record<string, Cell> = {
  consulates: { doc: '{ consulates { id } }' },
  consulateAt: { doc: '{ consulateAt(location: {lat: 34.05, lon: -118.25}) { method } }' },
  district: { doc: '{ district(consulateId: "losangeles") { countyCount } }' },
  alert: { doc: 'query($id: ID!) { alert(id: $id) { id } }', vars: (f) => ({ id: f.alertId }), object: true },
  advisors: { doc: '{ advisors { id } }' },
  dispatchStats: { doc: '{ dispatchStats { windowHours } }' },
  me: { doc: '{ me { id } }' },
  myAdvisor: { doc: '{ myAdvisor { id } }' },
  myAlerts: { doc: '{ myAlerts { id } }' },
  alerts: { doc: '{ alerts { id } }' },
  eventsCursor: { doc: '{ eventsCursor }' },
  openFlaggedAlertCount: { doc: '{ openFlaggedAlertCount }' },
  auditLog: { doc: '{ auditLog(first: 1) { action } }' },
  raiseAlert: { doc: 'mutation($k: String!) { raiseAlert(input: {location: {lat: 34.05, lon: -118.25}, idempotencyKey: $k}) { id } }', vars: () => ({ k: randomUUID() }) },
  correctCountyDistrict: { doc: 'mutation { correctCountyDistrict(fips: "06037", consulateId: "losangeles", note: "confirmed (authorization matrix)") { fips } }', scoped: true },
  registerPerson: { doc: 'mutation { registerPerson(input: {cancelPin: "1234", duressPin: "4321"}) { token } }' },
  createAdvisor: { doc: 'mutation { createAdvisor(input: {consulateId: "losangeles", name: "Nueva", kind: CONSULAR_STAFF}) { id } }', scoped: true },
  updateAdvisor: { doc: 'mutation($id: ID!) { updateAdvisor(id: $id, input: {name: "Cambiada"}) { id } }', vars: (f) => ({ id: f.otherAdvisorId }), scoped: true },
  deactivateAdvisor: { doc: 'mutation($id: ID!) { deactivateAdvisor(id: $id) { id } }', vars: (f) => ({ id: f.otherAdvisorId }), scoped: true },
  reportAdvisorLocation: { doc: 'mutation { reportAdvisorLocation(location: {lat: 34.05, lon: -118.25}) { id } }' },
  setAvailability: { doc: 'mutation { setAvailability(availability: AVAILABLE) { id } }' },
  claimAlert: { doc: 'mutation($id: ID!) { claimAlert(id: $id) { id } }', vars: (f) => ({ id: f.alertId }), object: true },
  declineOffer: { doc: 'mutation($id: ID!) { declineOffer(id: $id) { id } }', vars: (f) => ({ id: f.alertId }), object: true },
  assignAlert: { doc: 'mutation($id: ID!, $a: ID!) { assignAlert(id: $id, advisorId: $a) { id } }', vars: (f) => ({ id: f.alertId, a: f.advisorId }), object: true },
  reassignAlert: { doc: 'mutation($id: ID!, $a: ID!) { reassignAlert(id: $id, advisorId: $a) { id } }', vars: (f) => ({ id: f.alertId, a: f.advisorId }), object: true },
  escalateAlert: { doc: 'mutation($id: ID!) { escalateAlert(id: $id) { id } }', vars: (f) => ({ id: f.alertId }), object: true },
  updateAlertStatus: { doc: 'mutation($id: ID!) { updateAlertStatus(id: $id, status: EN_ROUTE) { id } }', vars: (f) => ({ id: f.alertId }), object: true },
  resolveAlert: { doc: 'mutation($id: ID!) { resolveAlert(id: $id, disposition: FALSE_ALARM) { id } }', vars: (f) => ({ id: f.alertId }), object: true },
  cancelAlert: { doc: 'mutation($id: ID!) { cancelAlert(id: $id) { id } }', vars: (f) => ({ id: f.alertId }), object: true },
  updateAlertLocation: { doc: 'mutation($id: ID!) { updateAlertLocation(id: $id, location: {lat: 34.06, lon: -118.25}) { id } }', vars: (f) => ({ id: f.alertId }), object: true },
  updateProfile: { doc: 'mutation { updateProfile(input: {preferredLanguage: "en"}) { id } }' },
  deleteMyData: { doc: 'mutation { deleteMyData }' },
  smsLinkCode: { doc: 'mutation { smsLinkCode { expiresAt } }' },
  // Incident commands: real incidents and their owner rule are exercised in incident-commands.test.ts.
  confirmIncident: { doc: 'mutation($id: ID!) { confirmIncident(id: $id) { id } }', vars: () => ({ id: randomUUID() }), scoped: true },
  dismissIncident: { doc: 'mutation($id: ID!) { dismissIncident(id: $id) { id } }', vars: () => ({ id: randomUUID() }), scoped: true },
  mergeIncidents: { doc: 'mutation($id: ID!) { mergeIncidents(into: $id, from: [$id]) { id } }', vars: () => ({ id: randomUUID() }), scoped: true },
  splitIncident: { doc: 'mutation($id: ID!, $a: ID!) { splitIncident(id: $id, alertIds: [$a]) { id } }', vars: (f) => ({ id: randomUUID(), a: f.alertId }), scoped: true },
  setIncidentLead: { doc: 'mutation($id: ID!, $a: ID) { setIncidentLead(id: $id, advisorId: $a) { id } }', vars: (f) => ({ id: randomUUID(), a: f.advisorId }), scoped: true },
  setIncidentTeam: { doc: 'mutation($id: ID!, $a: ID!) { setIncidentTeam(id: $id, advisorIds: [$a]) { id } }', vars: (f) => ({ id: randomUUID(), a: f.advisorId }), scoped: true },
  postIncidentStatus: { doc: 'mutation($id: ID!) { postIncidentStatus(id: $id, notice: CONSULATE_AWARE) { id } }', vars: () => ({ id: randomUUID() }), scoped: true },
  alertEvents: { doc: 'subscription { alertEvents { cursor } }' },
  nearbyAlerts: { doc: 'subscription { nearbyAlerts(radiusKm: 5) { cursor } }' },
  alertUpdates: { doc: 'subscription($id: ID!) { alertUpdates(alertId: $id) { cursor } }', vars: (f) => ({ id: f.alertId }), object: true },
  advisorPositions: { doc: 'subscription { advisorPositions { availability } }' },
  // Raid mode (schema/incidents.graphql): an incident another consulate cannot see answers null, as a missing id.
  incidents: { doc: '{ incidents { id } }' },
  incident: { doc: 'query($id: ID!) { incident(id: $id) { id } }', vars: () => ({ id: randomUUID() }) },
  incidentEvents: { doc: 'subscription { incidentEvents(consulateId: "losangeles") { cursor } }', scoped: true },
  incidentEventsCursor: { doc: '{ incidentEventsCursor }' },
};

const schema = buildSchema();
const declared = new Map<string, { kind: string; public: boolean; roles: string[] }>();
for (const [kind, type] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()], ['subscription', schema.getSubscriptionType()]] as const)
  for (const field of Object.values(type!.getFields()))
    declared.set(field.name, { kind, public: !!getDirective(schema, field, 'public')?.length, roles: (getDirective(schema, field, 'auth')?.[0]?.roles as string[]) ?? [] });

const REFUSED = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);

describe('the authorization table', () => {
  it('covers every root field of the schema, and nothing else', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...declared.keys()].sort());
  });
});

describe.each(backends().slice(0, 1))('authorization matrix (%s)', (backend) => {
  const f = serverFixture(backend);
  const owner = randomUUID();

  async function tokens(): Promise<Record<Who, string | undefined>> {
    return {
      anon: undefined,
      person: await personToken(owner),
      otherPerson: await personToken(randomUUID()),
      advisor: undefined, // set per cell (a fresh LA advisor)
      operator: await operatorToken('losangeles'),
      otherOperator: await operatorToken('sandiego'),
      supervisor: await supervisorToken(),
    };
  }

  /** A fresh alert of `owner` in Los Angeles and two fresh LA advisors, so cells cannot disturb each other. */
  async function fixture(): Promise<Fixture> {
    const op = await operatorToken('losangeles');
    const mk = async () => {
      const id = (await gql(f.server.url, 'mutation { createAdvisor(input: {consulateId: "losangeles", name: "Fixture", kind: PALE_LAWYER}) { id } }', {}, op)).data!.createAdvisor.id as string;
      const t = await token({ role: 'ADVISOR', sub: id, advisorId: id });
      await gql(f.server.url, 'mutation { reportAdvisorLocation(location: {lat: 34.05, lon: -118.25}) { id } setAvailability(availability: AVAILABLE) { id } }', {}, t);
      return id;
    };
    const [advisorId, otherAdvisorId] = [await mk(), await mk()];
    const alertId = (await gql(f.server.url, 'mutation($k: String!) { raiseAlert(input: {location: {lat: 34.05, lon: -118.25}, idempotencyKey: $k}) { id } }', { k: randomUUID() }, await personToken(owner))).data!.raiseAlert.id as string;
    return { alertId, advisorId, otherAdvisorId };
  }

  async function run(cell: Cell, who: Who, fx: Fixture, tok: string | undefined): Promise<{ code: string | null; data: unknown }> {
    const vars = cell.vars?.(fx) ?? {};
    if (declared.get(fieldOf(cell))!.kind !== 'subscription') {
      const r = await gql(f.server.url, cell.doc, vars, tok);
      return { code: r.errors?.[0]?.extensions?.code ?? null, data: r.data ? Object.values(r.data)[0] : null };
    }
    const listening = () => f.server.hub.listenerCount + f.server.positions.listenerCount + f.server.incidentHub.listenerCount;
    const before = listening();
    const c = wsClient(f.server.url, tok);
    const s = collect(c, cell.doc, vars);
    // An allowed subscription is proven by the listener it adds on the server, a refused one by its error:
    // neither is judged by silence.
    await eventually(() => expect(s.errors.length > 0 || listening() > before, 'neither listening nor refused').toBe(true));
    await c.dispose();
    await eventually(() => expect(listening()).toBeLessThanOrEqual(before));
    const err = JSON.stringify(s.errors);
    return { code: [...REFUSED].find((c) => err.includes(c)) ?? (s.errors.length ? 'ERROR' : null), data: who };
  }

  const fieldOf = (cell: Cell) => /\{\s*(\w+)/.exec(cell.doc.replace(/^[^{]*/, ''))![1]!;

  it.each(Object.entries(TABLE))('%s: only the declared roles, and only on their own objects', async (name, cell) => {
    const d = declared.get(name)!;
    const t = await tokens();
    for (const who of WHO) {
      const fx = await fixture();
      const tok = who === 'advisor' ? await token({ role: 'ADVISOR', sub: fx.advisorId, advisorId: fx.advisorId }) : t[who];
      const role = ROLE[who];
      const { code, data } = await run(cell, who, fx, tok);
      const cellName = `${name} as ${who}`;
      if (d.public) expect(code, cellName).not.toBe('UNAUTHENTICATED');
      else if (role === null) expect(code, cellName).toBe('UNAUTHENTICATED');
      else if (!d.roles.includes(role)) expect(code, cellName).toBe('FORBIDDEN');
      else if (cell.object && (who === 'otherPerson' || who === 'otherOperator')) {
        // Refused like a missing object: the same answer as for an id that does not exist.
        const missing = await run({ ...cell, vars: (x) => ({ ...(cell.vars?.(x) ?? {}), id: randomUUID() }) }, who, fx, tok);
        expect({ code, data }, cellName).toEqual(missing);
        expect(code === 'NOT_FOUND' || code === 'FORBIDDEN' || data === null, cellName).toBe(true);
      } else if (cell.scoped && who === 'otherOperator') expect(['FORBIDDEN', 'NOT_FOUND'], cellName).toContain(code);
      else expect(code === 'UNAUTHENTICATED' || (code === 'FORBIDDEN' && !cell.object), cellName).toBe(false);
    }
  }, 120_000);
});
