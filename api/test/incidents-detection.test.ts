import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { CITY, offset, Q, TEST_DURESS_PIN } from './support/dispatch.js';
import { eventually, serverFixture, supervisorToken } from './support/server.js';
import { IQ, incidentKit, spot } from './support/incidents.js';

/**
 * Raid mode's detection (issue #20; services/incidents/): three people's open alerts close together become an
 * incident within a second of the third, on a live incidentEvents subscription; joins, a bridge, closing,
 * duress, moving away, and a raise that detection cannot fail.
 */
const LA = CITY.losangeles;

describe.each(backends())('incident detection, on %s', (backend) => {
  const f = serverFixture(backend);
  const k = incidentKit(f);
  const sup = () => supervisorToken();

  it('the third person near two others makes an incident: DETECTED reaches a live subscriber within 1 s of the raise committing; one person twice counts once', async () => {
    const at = spot(LA, 0);
    const s = await k.subscribe('losangeles');
    const a = await k.raiseKind(at);
    await k.raiseKind(offset(at, 0.3), 'IMMINENT_DETENTION', a.personToken); // the same person again
    const b = await k.raiseKind(offset(at, 0, 0.6));
    await k.caughtUp();
    expect(await k.incidentOf(a.id)).toBeNull();
    expect(s.views()).toEqual([]);

    const t0 = performance.now();
    const c = await k.raiseKind(offset(at, 0.5, 0.5));
    const t1 = performance.now(); // the alert is committed: the raise answers after its commit
    await eventually(() => expect(s.views().map((e) => e.type)).toContain('DETECTED'), 5_000);
    const ms = performance.now() - t1;
    console.log(`[incidents] ${backend}: third raise answered in ${(t1 - t0).toFixed(0)} ms, DETECTED on the subscription ${ms.toFixed(0)} ms after`);
    expect(ms).toBeLessThan(1_000);

    const detected = s.views().find((e) => e.type === 'DETECTED')!;
    const { incident } = await k.ok(IQ.incident, { id: detected.incident.id }, await sup());
    expect(incident).toMatchObject({ status: 'DETECTED', severity: 'LOW', alertCount: 4, openAlertCount: 4, consulate: { id: 'losangeles' } });
    expect(new Set(incident.alerts.map((x: { id: string }) => x.id))).toContain(c.id);
    expect(new Set(incident.alerts.map((x: { id: string }) => x.id))).toContain(b.id);
    const hull = JSON.parse(incident.hull);
    expect(hull.type).toBe('Polygon');
    expect(Math.abs(incident.center.lat - at.lat)).toBeLessThan(0.01);
    await s.client.dispose();
  });

  it('an alert near a live incident joins it (ALERT_JOINED); a DETAINED one makes it HIGH', async () => {
    const at = spot(LA, 1);
    const first = await k.raiseKind(at);
    await k.raiseKind(offset(at, 0.4));
    await k.raiseKind(offset(at, 0, 0.4));
    await k.caughtUp();
    const inc = (await k.incidentOf(first.id))!;
    const s = await k.subscribe('losangeles');
    // 1.3 km from the nearest member: within the radius of one, not of the centre's others.
    const joiner = await k.raiseKind(offset(at, 0.4 + 1.3), 'DETAINED');
    await eventually(() => expect(s.views().map((e) => e.type)).toEqual(['ALERT_JOINED']));
    expect(s.views()[0]!.alert!.id).toBe(joiner.id);
    const { incident } = await k.ok(IQ.incident, { id: inc.id }, await sup());
    expect(incident).toMatchObject({ alertCount: 4, severity: 'HIGH' });
    await s.client.dispose();
  });

  it('an alert bridging two incidents joins the older one; merging them is left to the operator', async () => {
    const at = spot(LA, 2);
    const west = [at, offset(at, 0.3), offset(at, -0.3)];
    const east = west.map((p) => offset(p, 0, 2.6));
    const older = await k.raiseKind(west[0]!);
    for (const p of west.slice(1)) await k.raiseKind(p);
    await k.caughtUp();
    const newer = await k.raiseKind(east[0]!);
    for (const p of east.slice(1)) await k.raiseKind(p);
    await k.caughtUp();
    const [a, b] = [(await k.incidentOf(older.id))!, (await k.incidentOf(newer.id))!];
    expect(a.id).not.toBe(b.id);
    const bridge = await k.raiseKind(offset(at, 0, 1.3)); // 1.3 km from both
    await k.caughtUp();
    expect((await k.incidentOf(bridge.id))!.id).toBe(a.id);
    expect((await k.incidentOf(newer.id))!.status).toBe('DETECTED');
  });

  it('an alert joining a live incident brings along the alerts in no incident linked to it, and only those', async () => {
    const at = spot(LA, 6);
    const first = await k.raiseKind(at);
    await k.raiseKind(offset(at, 0.3));
    await k.raiseKind(offset(at, -0.3));
    await k.caughtUp();
    const inc = (await k.incidentOf(first.id))!;
    // 2.6 km east: near no member, and one person alone: in no incident. 5.2 km east: near nothing at all.
    const loner = await k.raiseKind(offset(at, 0, 2.6));
    const far = await k.raiseKind(offset(at, 0, 5.2));
    await k.caughtUp();
    expect(await k.incidentOf(loner.id)).toBeNull();
    // 1.3 km east: within the radius of the incident's nearest member and of the loner, not of the far one.
    const bridge = await k.raiseKind(offset(at, 0, 1.3));
    await k.caughtUp();
    expect((await k.incidentOf(bridge.id))!.id).toBe(inc.id);
    expect((await k.incidentOf(loner.id))!.id).toBe(inc.id);
    expect(await k.incidentOf(far.id)).toBeNull();
    const { incident } = await k.ok(IQ.incident, { id: inc.id }, await sup());
    expect(incident).toMatchObject({ alertCount: 5, openAlertCount: 5 });
  });

  it('closes when every alert is resolved or cancelled; a duress cancel keeps it open and the phone never sees the incident', async () => {
    const at = spot(LA, 3);
    const persons = [await k.personWithPins(), await k.personWithPins(), await k.personWithPins()];
    const alerts = [];
    for (const [i, p] of persons.entries()) alerts.push(await k.raiseKind(offset(at, 0.2 * i), 'RAID_NEARBY', p));
    await k.caughtUp();
    const inc = (await k.incidentOf(alerts[0]!.id))!;
    const s = await k.subscribe('losangeles');
    await k.ok(Q.resolve, { id: alerts[0]!.id, disposition: 'FALSE_ALARM' }, await sup());
    await k.ok(Q.cancel, { id: alerts[1]!.id, pin: '1234' }, alerts[1]!.personToken);
    const duress = await k.ok(Q.cancel, { id: alerts[2]!.id, pin: TEST_DURESS_PIN }, alerts[2]!.personToken);
    expect(duress.cancelAlert.status).toBe('CANCELLED'); // as the phone sees it
    await k.caughtUp();
    const { incident } = await k.ok(IQ.incident, { id: inc.id }, await sup());
    expect(incident).toMatchObject({ status: 'DETECTED', alertCount: 3, openAlertCount: 1, severity: 'MEDIUM' });
    const phone = await k.ok(IQ.alertIncident, { id: alerts[2]!.id }, alerts[2]!.personToken);
    expect(phone.alert.incident).toBeNull();
    expect(s.views().map((e) => e.type)).not.toContain('CLOSED');

    await k.ok(Q.resolve, { id: alerts[2]!.id, disposition: 'FALSE_ALARM' }, await sup());
    await eventually(() => expect(s.views().map((e) => e.type)).toContain('CLOSED'));
    const closed = await k.ok(IQ.incident, { id: inc.id }, await sup());
    expect(closed.incident).toMatchObject({ status: 'CLOSED', openAlertCount: 0 });
    const live = await k.ok(IQ.incidents, { c: 'losangeles' }, await sup());
    expect(live.incidents.map((i: { id: string }) => i.id)).not.toContain(inc.id);
    const all = await k.ok(IQ.incidents, { c: 'losangeles', all: true }, await sup());
    expect(all.incidents.map((i: { id: string }) => i.id)).toContain(inc.id);
    await s.client.dispose();
  });

  it('a person moving: beyond the radius of every other member they leave (ALERT_LEFT); into reach, an alert in none joins', async () => {
    const at = spot(LA, 4);
    const move = async (a: { id: string; personToken: string }, to: { lat: number; lon: number }) =>
      k.ok(Q.move, { id: a.id, location: to, recordedAt: new Date().toISOString() }, a.personToken);
    const m = [await k.raiseKind(at), await k.raiseKind(offset(at, 0.3)), await k.raiseKind(offset(at, 0.6)), await k.raiseKind(offset(at, 0.9))];
    const far = await k.raiseKind(offset(at, 5)); // alone, 5 km north
    await k.caughtUp();
    const inc = (await k.incidentOf(m[0]!.id))!;
    expect(await k.incidentOf(far.id)).toBeNull();
    const s = await k.subscribe('losangeles');

    await move(m[3]!, offset(at, 4)); // 3.1 km from the nearest other member: leaves (and is 1 km from `far`: two people, no incident)
    await move(far, offset(at, 1.5)); // 0.6 km from a member: joins
    await eventually(() => expect(s.views().map((e) => [e.type, e.alert?.id])).toEqual([['ALERT_LEFT', m[3]!.id], ['ALERT_JOINED', far.id]]));
    expect(await k.incidentOf(m[3]!.id)).toBeNull();
    const { incident } = await k.ok(IQ.incident, { id: inc.id }, await sup());
    expect(incident.alertCount).toBe(4);
    // A member moving within reach of the others stays.
    await move(m[1]!, offset(at, 0.5));
    await k.caughtUp();
    expect((await k.incidentOf(m[1]!.id))!.id).toBe(inc.id);
    await s.client.dispose();
  });

  it('a raise is accepted when detection fails; the failure is skipped, and detection goes on with the next alerts', async () => {
    const at = spot(LA, 5);
    await k.sql(`create function incident_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused for the test'; end $$`);
    await k.sql('create trigger incident_test_refuse before insert on incident_alerts for each row execute function incident_test_refuse()');
    try {
      const a = [await k.raiseKind(at), await k.raiseKind(offset(at, 0.2)), await k.raiseKind(offset(at, 0.4))];
      expect(a.every((x) => typeof x.id === 'string')).toBe(true);
      await k.caughtUp();
      expect(await k.incidentOf(a[2]!.id)).toBeNull();
    } finally {
      await k.sql('drop trigger incident_test_refuse on incident_alerts');
    }
    const next = await k.raiseKind(offset(at, 0.6)); // the fourth person: the cluster is looked at again from this alert
    await k.caughtUp();
    expect((await k.incidentOf(next.id))?.status).toBe('DETECTED');
  });
});
