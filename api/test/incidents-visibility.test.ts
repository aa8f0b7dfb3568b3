import { describe, expect, it, vi } from 'vitest';
import { backends } from './support/db.js';
import { CITY, errorCode } from './support/dispatch.js';
import { collect, eventually, gql, operatorToken, serverFixture, supervisorToken, wsClient } from './support/server.js';
import { IQ, incidentKit } from './support/incidents.js';
import { closesNow, consulatesByShare, severityOf } from '../src/domain/incidents/rules.js';

/**
 * Who sees an incident (docs/SECURITY.md, Incidents) and the incidentEvents stream's cursor: alerts on both
 * sides of the Los Angeles / Santa Ana border make one incident owned by the consulate with most alerts and
 * seen by both; another consulate's operator gets nothing; replay then live has no gap and no duplicate.
 */
// On the Los Angeles County / Orange County line (checked against the seeded districts): all within 1.7 km.
const LA_SIDE = [{ lat: 33.906, lon: -117.983 }, { lat: 33.908, lon: -117.985 }, { lat: 33.904, lon: -117.98 }];
const SA_SIDE = [{ lat: 33.908, lon: -117.97 }, { lat: 33.903, lon: -117.972 }];

describe('incident rules', () => {
  it('owner: most alerts, ties to the earliest alert; severity from kinds and people; only a live incident closes', () => {
    const t = (s: number) => new Date(1_000 * s);
    expect(consulatesByShare([{ consulateId: 'a', alerts: 2, firstAt: t(5) }, { consulateId: 'b', alerts: 3, firstAt: t(9) }])).toEqual(['b', 'a']);
    expect(consulatesByShare([{ consulateId: 'a', alerts: 2, firstAt: t(5) }, { consulateId: 'b', alerts: 2, firstAt: t(1) }])).toEqual(['b', 'a']);
    expect(severityOf({ detained: true, raidNearby: false, people: 3 })).toBe('HIGH');
    expect(severityOf({ detained: false, raidNearby: true, people: 3 })).toBe('MEDIUM');
    expect(severityOf({ detained: false, raidNearby: false, people: 10 })).toBe('MEDIUM');
    expect(severityOf({ detained: false, raidNearby: false, people: 9 })).toBe('LOW');
    expect(closesNow('CONFIRMED', 0, 4)).toBe(true);
    expect(closesNow('CONFIRMED', 1, 4)).toBe(false);
    expect(closesNow('DISMISSED', 0, 4)).toBe(false);
  });
});

describe.each(backends())('incident visibility and stream, on %s', (backend) => {
  const f = serverFixture(backend);
  const k = incidentKit(f);

  it('alerts on both sides of a border: one incident, owned by the side with most alerts, seen by both; OWNER_CHANGED when that turns', async () => {
    const la = await k.subscribe('losangeles');
    const sa = await k.subscribe('santaana');
    const sa1 = await k.raiseKind(SA_SIDE[0]!);
    await k.raiseKind(SA_SIDE[1]!);
    const la1 = await k.raiseKind(LA_SIDE[0]!);
    await eventually(() => expect(la.views().map((e) => e.type)).toEqual(['DETECTED']));
    await eventually(() => expect(sa.views().map((e) => e.type)).toEqual(['DETECTED']));
    const id = la.views()[0]!.incident.id;
    expect(la.views()[0]!.incident.consulate.id).toBe('santaana');

    const laOp = await operatorToken('losangeles');
    const { incident } = await k.ok(IQ.incident, { id }, laOp);
    expect(incident).toMatchObject({ consulate: { id: 'santaana' }, consulates: [{ id: 'santaana' }, { id: 'losangeles' }], alertCount: 3 });
    // The alerts each operator may see: Los Angeles's own one only.
    expect(incident.alerts).toEqual([{ id: la1.id, consulate: { id: 'losangeles' } }]);
    // Asked for ids alone (the console's snapshot with every event), the same rule from the membership.
    const idsOnly = 'query($id: ID!) { incident(id: $id) { alerts { id } } }';
    expect((await k.ok(idsOnly, { id }, laOp)).incident.alerts).toEqual([{ id: la1.id }]);
    const members = await k.sql<{ id: string }>('select alert_id as id from incident_alerts where incident_id = $1::uuid', [id]);
    expect(members).toHaveLength(3);
    expect((await k.ok(idsOnly, { id }, await supervisorToken())).incident.alerts.map((a: { id: string }) => a.id).sort())
      .toEqual(members.map((m) => m.id).sort());
    expect((await k.ok(IQ.incidents, {}, laOp)).incidents.map((i: { id: string }) => i.id)).toContain(id);
    expect((await k.ok(IQ.alertIncident, { id: la1.id }, laOp)).alert.incident.id).toBe(id);
    expect((await k.ok(IQ.alertIncident, { id: sa1.id }, await operatorToken('santaana'))).alert.incident.id).toBe(id);

    // Two consoles as the page subscribes (alerts, team, lead with every event), one of each side: both get
    // the same live event objects, whose members, team and lead are read once for both (one round trip per
    // batch of events the hub hands over, not three per event and console); each console still lists only its
    // own consulate's alerts.
    type CrewView = { incidentEvents: { type: string; incident: { alerts: Array<{ id: string; consulate: { id: string } }>; team: unknown[]; lead: unknown } } };
    const crewDoc = 'subscription($c: ID!) { incidentEvents(consulateId: $c) { type incident { alerts { id consulate { id } } team { id } lead { id } } } }';
    const listeners = f.server.incidentHub.listenerCount;
    const laCrew = collect<CrewView>(wsClient(f.server.url, laOp), crewDoc, { c: 'losangeles' });
    const saCrew = collect<CrewView>(wsClient(f.server.url, await operatorToken('santaana')), crewDoc, { c: 'santaana' });
    await eventually(() => expect(f.server.incidentHub.listenerCount).toBe(listeners + 2));
    const reads = vi.spyOn(f.t.db, 'query');
    const crewReads = () => reads.mock.calls.filter(([sql]) => String(sql).includes('incident_crew')).length;

    await k.raiseKind(LA_SIDE[1]!);
    await k.raiseKind(LA_SIDE[2]!);
    await eventually(() => expect(sa.views().map((e) => e.type)).toEqual(['DETECTED', 'ALERT_JOINED', 'ALERT_JOINED', 'OWNER_CHANGED']));
    expect(sa.views()[3]!.incident.consulate.id).toBe('losangeles');
    await eventually(() => expect(la.views().map((e) => e.type)).toEqual(['DETECTED', 'ALERT_JOINED', 'ALERT_JOINED', 'OWNER_CHANGED']));
    await eventually(() => expect(laCrew.events.map((e) => e.incidentEvents.type)).toEqual(['ALERT_JOINED', 'ALERT_JOINED', 'OWNER_CHANGED']));
    await eventually(() => expect(saCrew.events.map((e) => e.incidentEvents.type)).toEqual(['ALERT_JOINED', 'ALERT_JOINED', 'OWNER_CHANGED']));
    // Three events in one or two detection passes (the third raise's pass has two): one read per batch.
    expect(crewReads()).toBeGreaterThanOrEqual(1);
    expect(crewReads()).toBeLessThanOrEqual(2);
    reads.mockRestore();
    const last = (c: typeof laCrew) => c.events.at(-1)!.incidentEvents.incident;
    expect(last(laCrew).alerts.map((a) => a.consulate.id)).toEqual(['losangeles', 'losangeles', 'losangeles']);
    expect(last(saCrew).alerts.map((a) => a.consulate.id)).toEqual(['santaana', 'santaana']);
    expect([last(laCrew).team, last(laCrew).lead, last(saCrew).team]).toEqual([[], null, []]);
    expect([...laCrew.errors, ...saCrew.errors]).toEqual([]);
    await la.client.dispose();
    await sa.client.dispose();
  });

  it('incidentEvents without a consulate: a supervisor gets every consulate\'s, an operator their own', async () => {
    const doc = 'subscription($after: String) { incidentEvents(after: $after) { cursor type incident { id consulate { id } } } }';
    const { incidentEventsCursor: from } = await k.ok('{ incidentEventsCursor }', {}, await supervisorToken());
    const sup = wsClient(f.server.url, await supervisorToken());
    const all = collect<{ incidentEvents: { type: string; incident: { consulate: { id: string } } } }>(sup, doc, { after: from });
    const chi = wsClient(f.server.url, await operatorToken('houston'));
    const own = collect<{ incidentEvents: { type: string; incident: { consulate: { id: string } } } }>(chi, doc, { after: from });
    for (const at of [CITY.houston, CITY.dallas]) for (let i = 0; i < 3; i++) await k.raiseKind({ lat: at.lat + 0.003 * i, lon: at.lon });
    const detectedIn = (s: typeof all) => s.events.filter((e) => e.incidentEvents.type === 'DETECTED').map((e) => e.incidentEvents.incident.consulate.id).sort();
    await eventually(() => expect(detectedIn(all)).toEqual(['dallas', 'houston']));
    await eventually(() => expect(detectedIn(own)).toEqual(['houston']));
    await sup.dispose();
    await chi.dispose();
  });

  it('an operator of a consulate with no alert in it and an advisor get nothing: null, FORBIDDEN, an empty list (persons: incidents-detection)', async () => {
    await k.caughtUp();
    const [row] = await k.sql<{ id: string; alert_id: string }>(
      `select i.id, ia.alert_id from incidents i join incident_alerts ia on ia.incident_id = i.id join alerts a on a.id = ia.alert_id
       where a.consulate_id = 'losangeles' limit 1`);
    const chicago = await operatorToken('chicago');
    expect((await k.ok(IQ.incident, { id: row!.id }, chicago)).incident).toBeNull();
    expect((await k.ok(IQ.incidents, {}, chicago)).incidents).toEqual([]);
    expect(await k.fails(IQ.incidents, { c: 'losangeles' }, chicago)).toBe('FORBIDDEN');
    const c = wsClient(f.server.url, chicago);
    const s = collect(c, IQ.events, { c: 'losangeles' });
    await eventually(() => expect(JSON.stringify(s.errors)).toContain('FORBIDDEN'));
    await c.dispose();
    const adv = await k.addAdvisor('losangeles', LA_SIDE[0]!);
    await k.ok('mutation($id: ID!, $a: ID!) { assignAlert(id: $id, advisorId: $a) { id } }', { id: row!.alert_id, a: adv.id }, await supervisorToken());
    const seen = await k.ok(IQ.alertIncident, { id: row!.alert_id }, adv.token);
    expect(seen.alert).toEqual({ id: row!.alert_id, incident: null });
    expect(errorCode(await gql(f.server.url, IQ.incident, { id: row!.id }, adv.token))).toBe('FORBIDDEN');
    expect(await k.fails(IQ.incidents, { c: 'nowhere' }, await supervisorToken())).toBe('BAD_USER_INPUT');
  });

  it('incidentEvents with `after`: replays what followed the cursor, then live, with no gap and no duplicate', async () => {
    const live = await k.subscribe('losangeles');
    const base = { lat: 34.15, lon: -118.3 };
    const near = (i: number) => ({ lat: base.lat + 0.003 * i, lon: base.lon });
    // Each change seen before the next is raised: a detection pass holding two of them makes one event of both.
    for (let i = 0; i < 3; i++) await k.raiseKind(near(i));
    await eventually(() => expect(live.views().map((e) => e.type)).toEqual(['DETECTED']));
    await k.raiseKind(near(3));
    await eventually(() => expect(live.views()).toHaveLength(2));
    await k.raiseKind(near(4));
    await eventually(() => expect(live.views().map((e) => e.type)).toEqual(['DETECTED', 'ALERT_JOINED', 'ALERT_JOINED']));
    const cursors = live.views().map((e) => e.cursor);
    const resumed = await k.subscribe('losangeles', cursors[0]);
    await eventually(() => expect(resumed.views().map((e) => e.cursor)).toEqual(cursors.slice(1)));
    await k.raiseKind(near(5));
    await eventually(() => expect(live.views()).toHaveLength(4));
    await eventually(() => expect(resumed.views().map((e) => e.cursor)).toEqual([...cursors.slice(1), live.views()[3]!.cursor]));
    const all = live.views().map((e) => Number(e.cursor));
    expect([...all].sort((a, b) => a - b)).toEqual(all);
    // A console's load: the cursor first, then the stream after it, which replays what happened in between.
    const { incidentEventsCursor: loadCursor } = await k.ok('{ incidentEventsCursor }', {}, await operatorToken('losangeles'));
    expect(loadCursor).toBe(live.views()[3]!.cursor);
    await k.raiseKind(near(6)); // between the cursor's read and the subscription
    await eventually(() => expect(live.views()).toHaveLength(5));
    const loaded = await k.subscribe('losangeles', loadCursor);
    await eventually(() => expect(loaded.views().map((e) => e.cursor)).toEqual([live.views()[4]!.cursor]));
    await loaded.client.dispose();
    const bad = wsClient(f.server.url, await operatorToken('losangeles'));
    const s = collect(bad, IQ.events, { c: 'losangeles', after: 'yesterday' });
    await eventually(() => expect(JSON.stringify(s.errors)).toContain('BAD_USER_INPUT'));
    await bad.dispose();
    await live.client.dispose();
    await resumed.client.dispose();
  });
});
