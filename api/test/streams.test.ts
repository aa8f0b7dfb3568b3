import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, gql, operatorToken, personToken, serverFixture, token, wsClient } from './support/server.js';

const RAISE = `mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id status offer { advisor { id } } } }`;
const UPDATES = `subscription($id: ID!, $after: String) { alertUpdates(alertId: $id, after: $after) {
  cursor type summary en: summary(language: "en") alert { id status } } }`;
const NEARBY = `subscription($r: Float!) { nearbyAlerts(radiusKm: $r) { type alert { id status location { lat lon precise } } } }`;

describe.each(backends())('audience streams on %s', (backend) => {
  const f = serverFixture(backend);

  it('alertUpdates shows a person their own alert, worded for them, replaying missed steps; another person gets NOT_FOUND', async () => {
    const owner = await personToken(randomUUID());
    const r = await gql(f.server.url, RAISE, { i: { location: { lat: 34.05, lon: -118.25 }, idempotencyKey: 'u1' } }, owner);
    const id = r.data!.raiseAlert.id;
    const c = wsClient(f.server.url, owner);
    const s = collect(c, UPDATES, { id, after: '0' });
    await eventually(() => expect(s.events.map((e) => e.alertUpdates.type)).toEqual(['RAISED', 'OFFERED']));
    const [raised, offered] = s.events.map((e) => e.alertUpdates);
    expect(raised.summary).toBe('Alerta recibida por Consulado General de México en Los Ángeles');
    expect(raised.en).toBe('Alert received by Consulado General de México en Los Ángeles');
    expect(offered.summary).toBe('Buscando un asesor cercano');

    const stranger = wsClient(f.server.url, await personToken(randomUUID()));
    const denied = collect(stranger, UPDATES, { id });
    await eventually(() => expect(denied.errors).toHaveLength(1));
    expect(JSON.stringify(denied.errors)).toContain('NOT_FOUND');
    const missing = collect(stranger, UPDATES, { id: randomUUID() });
    await eventually(() => expect(missing.errors).toHaveLength(1));
    expect(JSON.stringify(missing.errors)).toBe(JSON.stringify(denied.errors));
    s.stop();
    await c.dispose();
    await stranger.dispose();
  });

  it('nearbyAlerts gives an advisor the offers made to them and open alerts of their consulate near them, with coarse locations', async () => {
    const raiseAt = { lat: 32.7157, lon: -117.1611 };
    // An advisor of the alert's consulate (San Diego) standing 2 km away, off duty: not offered, but nearby.
    const op = await operatorToken('sandiego');
    const created = await gql(f.server.url, `mutation { createAdvisor(input: { consulateId: "sandiego", name: "Cercano", kind: PROTECTION_OFFICER }) { id } }`, {}, op);
    const advisorId = created.data!.createAdvisor.id;
    const adv = await token({ role: 'ADVISOR', sub: 'a', advisorId });
    await gql(f.server.url, `mutation { reportAdvisorLocation(location: { lat: 32.733, lon: -117.161 }) { id } }`, {}, adv);
    const far = await token({ role: 'ADVISOR', sub: 'b', advisorId: (await gql(f.server.url, `mutation { createAdvisor(input: { consulateId: "sandiego", name: "Lejos", kind: PALE_LAWYER }) { id } }`, {}, op)).data!.createAdvisor.id });
    await gql(f.server.url, `mutation { reportAdvisorLocation(location: { lat: 34.05, lon: -118.25 }) { id } }`, {}, far);
    // Another consulate's advisor at the same spot: a position never widens an advisor's reach.
    const visitorId = (await gql(f.server.url, `mutation { createAdvisor(input: { consulateId: "losangeles", name: "Visitante", kind: PALE_LAWYER }) { id } }`, {}, await operatorToken('losangeles'))).data!.createAdvisor.id;
    const visitor = await token({ role: 'ADVISOR', sub: 'c', advisorId: visitorId });
    await gql(f.server.url, `mutation { reportAdvisorLocation(location: { lat: 32.733, lon: -117.161 }) { id } }`, {}, visitor);

    // Earlier tests' subscriptions are gone (nothing leaks), so counts below are exact.
    await eventually(() => expect(f.server.hub.listenerCount).toBe(0));
    const listening = f.server.hub.listenerCount;
    const near = wsClient(f.server.url, adv);
    const farC = wsClient(f.server.url, far);
    const visitorC = wsClient(f.server.url, visitor);
    const ns = collect(near, NEARBY, { r: 5 });
    const fs = collect(farC, NEARBY, { r: 5 });
    const vs = collect(visitorC, NEARBY, { r: 5 });
    await eventually(() => expect(f.server.hub.listenerCount).toBe(listening + 3));
    const r = await gql(f.server.url, RAISE, { i: { location: raiseAt, idempotencyKey: 'n1' } }, await personToken(randomUUID()));
    const id = r.data!.raiseAlert.id;
    await eventually(() => expect(ns.events.some((e) => e.nearbyAlerts.alert.id === id)).toBe(true));
    const seen = ns.events.find((e) => e.nearbyAlerts.alert.id === id)!.nearbyAlerts.alert;
    expect(seen.location.precise).toBe(false);
    expect(Math.abs(seen.location.lat - raiseAt.lat)).toBeLessThan(0.01);
    await new Promise((res) => setTimeout(res, 300));
    expect(fs.events.filter((e) => e.nearbyAlerts.alert.id === id)).toEqual([]);
    expect(vs.events.filter((e) => e.nearbyAlerts.alert.id === id)).toEqual([]);

    // Taken by someone else: its later steps are no longer delivered to this advisor.
    const seenBefore = ns.events.length;
    await gql(f.server.url, `mutation($id: ID!) { escalateAlert(id: $id) { id } }`, { id }, await operatorToken('sandiego'));
    const sdAdvisor = (await gql(f.server.url, '{ advisors { id active activeAlerts capacity } }', {}, await operatorToken('sandiego'))).data!.advisors.find((a: { id: string; active: boolean; activeAlerts: number; capacity: number }) => a.active && a.activeAlerts < a.capacity && a.id !== advisorId).id;
    await gql(f.server.url, `mutation($id: ID!, $a: ID!) { assignAlert(id: $id, advisorId: $a) { id } }`, { id, a: sdAdvisor }, await operatorToken('sandiego'));
    await gql(f.server.url, `mutation($id: ID!) { updateAlertStatus(id: $id, status: ON_SCENE) { id } }`, { id }, await operatorToken('sandiego'));
    await new Promise((res) => setTimeout(res, 400));
    expect(ns.events.slice(seenBefore).map((e) => e.nearbyAlerts.type)).toEqual(['ESCALATED']);

    // Deactivated straight in the table (as another process would): the stream ends with FORBIDDEN without
    // waiting for another event (the advisor's row is re-read about once a second).
    await f.t.db.query(`update advisors set active = false where id = $1`, [advisorId]);
    await eventually(() => expect(JSON.stringify(ns.errors)).toContain('FORBIDDEN'), 5_000);
    await near.dispose();
    await farC.dispose();
    await visitorC.dispose();
  });

  it('refuses nearbyAlerts to non-advisors and an out-of-range radius', async () => {
    const op = wsClient(f.server.url, await operatorToken('losangeles'));
    const s = collect(op, NEARBY, { r: 5 });
    await eventually(() => expect(JSON.stringify(s.errors)).toContain('FORBIDDEN'));
    const adv = wsClient(f.server.url, await token({ role: 'ADVISOR', sub: 'x', advisorId: randomUUID() }));
    const bad = collect(adv, NEARBY, { r: 500 });
    await eventually(() => expect(JSON.stringify(bad.errors)).toContain('BAD_USER_INPUT'));
    await op.dispose();
    await adv.dispose();
  });

  it('advisorPositions streams a consulate’s advisors to its control room, at most one update per advisor per second', async () => {
    const op = await operatorToken('sandiego');
    const created = await gql(f.server.url, `mutation { createAdvisor(input: { consulateId: "sandiego", name: "Móvil", kind: PALE_LAWYER }) { id } }`, {}, op);
    const id = created.data!.createAdvisor.id as string;
    const adv = await token({ role: 'ADVISOR', sub: 'm', advisorId: id });
    const listening = f.server.positions.listenerCount;
    const c = wsClient(f.server.url, op);
    const s = collect(c, `subscription { advisorPositions { advisor { id name } location { lat lon } availability locationAt } }`);
    const other = wsClient(f.server.url, await operatorToken('losangeles'));
    const o = collect(other, `subscription { advisorPositions { advisor { id } } }`);
    // Report only once both listen: a fix sent before would not be "at most one per second" evidence.
    await eventually(() => expect(f.server.positions.listenerCount).toBe(listening + 2));
    // Ten fixes within half a second: the map needs only the last one.
    for (let i = 0; i < 10; i++)
      await gql(f.server.url, `mutation($l: LocationInput!) { reportAdvisorLocation(location: $l) { id } }`, { l: { lat: 32.7 + i / 1000, lon: -117.1 } }, adv);
    await eventually(() => expect(s.events.some((e) => e.advisorPositions.advisor.id === id && e.advisorPositions.location?.lat === 32.709)).toBe(true), 5_000);
    const mine = s.events.filter((e) => e.advisorPositions.advisor.id === id);
    expect(mine.length).toBeLessThanOrEqual(2);
    expect(mine.at(-1)!.advisorPositions).toMatchObject({ advisor: { name: 'Móvil' }, availability: 'OFF_DUTY' });
    expect(o.events.filter((e) => e.advisorPositions.advisor.id === id)).toEqual([]);
    await gql(f.server.url, `mutation { setAvailability(availability: AVAILABLE) { id } }`, {}, adv);
    await eventually(() => expect(s.events.at(-1)!.advisorPositions.availability).toBe('AVAILABLE'), 5_000);
    await c.dispose();
    await other.dispose();
  });

  it('refuses advisorPositions of another consulate to an operator', async () => {
    const c = wsClient(f.server.url, await operatorToken('sandiego'));
    const s = collect(c, `subscription { advisorPositions(consulateId: "losangeles") { advisor { id } } }`);
    await eventually(() => expect(JSON.stringify(s.errors)).toContain('FORBIDDEN'));
    await c.dispose();
  });
});
