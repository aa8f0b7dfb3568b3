import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, operatorToken, serverFixture, supervisorToken, wsClient } from './support/server.js';
import { CITY, Q, dispatchKit, offset } from './support/dispatch.js';
import { codeOf, onBothTransports } from './support/transports.js';

/**
 * Where an advisor may act (docs/SECURITY.md, "Advisors"): their own consulate's alerts, and alerts put in
 * their hands (offered or assigned), never more because of a reported position; a deactivated advisor reads
 * and changes nothing and their live stream ends at once; a position that implies an impossible speed is
 * kept but flagged and not used for matching. Each rule on HTTP and on the WebSocket.
 */
const NEARBY = `subscription($r: Float!) { nearbyAlerts(radiusKm: $r) { cursor type alert { id status location { precise } } } }`;
const READ = `query($id: ID!) { alert(id: $id) { id location { lat precise } personNote } }`;
const REPORT = `mutation($l: LocationInput!) { reportAdvisorLocation(location: $l) { id location { lat lon } locationSuspect } }`;

describe.each(backends())('advisor scope on %s', (backend) => {
  const f = serverFixture(backend);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  it("an advisor of another consulate standing by an alert neither sees it nearby, nor claims, reads or resolves it; the alert's own advisor does", async () => {
    const escalated = await k.raise(CITY.dallas); // nobody on duty: escalated, open to claims
    expect(escalated.status).toBe('ESCALATED');
    const foreign = await k.addAdvisor('houston', offset(CITY.dallas, 1));
    const home = await k.addAdvisor('dallas', offset(CITY.dallas, 2));
    const fc = wsClient(f.server.url, foreign.token);
    const hc = wsClient(f.server.url, home.token);
    const fs = collect(fc, NEARBY, { r: 10 });
    const hs = collect(hc, NEARBY, { r: 10 });
    try {
      // The home advisor's view starts with the escalated alert; the visitor's never shows it.
      await eventually(() => expect(hs.events.map((e) => e.nearbyAlerts.alert.id)).toContain(escalated.id));
      // A new alert, offered to the home advisor: delivered to them live, never to the visitor 1 km away.
      const offered = await k.raise(offset(CITY.dallas, 1.5));
      await eventually(() => expect(hs.events.map((e) => e.nearbyAlerts.alert.id)).toContain(offered.id));
      expect(fs.events).toEqual([]);
      for (const id of [escalated.id, offered.id]) {
        const read = await onBothTransports(f.server.url, READ, { id }, foreign.token);
        expect([read.http.data?.alert, read.ws.data?.alert]).toEqual([null, null]);
        const claim = await onBothTransports(f.server.url, Q.claim, { id }, foreign.token);
        expect([codeOf(claim.http), codeOf(claim.ws)]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
        const resolve = await onBothTransports(f.server.url, Q.resolve, { id, disposition: 'FALSE_ALARM' }, foreign.token);
        expect([codeOf(resolve.http), codeOf(resolve.ws)]).toEqual(['NOT_FOUND', 'NOT_FOUND']);
      }
      expect((await k.read(escalated.id)).status).toBe('ESCALATED');
      const claimed = await onBothTransports(f.server.url, Q.claim, { id: escalated.id }, home.token);
      expect(claimed.http.data?.claimAlert.assignedAdvisor.id ?? claimed.ws.data?.claimAlert.assignedAdvisor.id).toBe(home.id);
    } finally {
      await fc.dispose();
      await hc.dispose();
    }
  });

  it('an offer across a border puts the alert in that advisor’s hands: they may read and claim it', async () => {
    const neighbour = await k.addAdvisor('santaana', offset(CITY.losangeles, 1));
    const raised = await k.raise(CITY.losangeles); // no Los Angeles advisor on duty: the neighbour is offered it
    expect(raised.offer?.advisor.id).toBe(neighbour.id);
    const c = wsClient(f.server.url, neighbour.token);
    const s = collect(c, NEARBY, { r: 5 });
    await eventually(() => expect(s.events.map((e) => e.nearbyAlerts.alert.id)).toContain(raised.id));
    await c.dispose();
    const { claimAlert } = await k.ok(Q.claim, { id: raised.id }, neighbour.token);
    expect(claimAlert.assignedAdvisor.id).toBe(neighbour.id);
  });

  it('a deactivated advisor reads and changes nothing, even what is assigned to them, and their live stream ends at once', async () => {
    const a = await k.addAdvisor('denver', offset(CITY.denver, 1));
    const raised = await k.raise(CITY.denver);
    expect(raised.offer?.advisor.id).toBe(a.id);
    await k.ok(Q.claim, { id: raised.id }, a.token);
    const c = wsClient(f.server.url, a.token);
    const s = collect(c, NEARBY, { r: 5 });
    try {
      // Assigned: the precise location, and that read is audited for this advisor, delivered by the stream.
      await eventually(() => expect(s.events.find((e) => e.nearbyAlerts.alert.id === raised.id)?.nearbyAlerts.alert.location.precise).toBe(true));
      await eventually(async () =>
        expect(await k.sql(`select 1 from audit_log where subject_id = $1 and actor_id = $2 and action = 'READ_PRECISE_LOCATION'`, [raised.id, a.id])).not.toEqual([]));

      await k.ok(`mutation($id: ID!) { deactivateAdvisor(id: $id) { id } }`, { id: a.id }, await operatorToken('denver'));
      // No new event is needed for the stream to end: within the watch's second (with room for a slow machine).
      const since = Date.now();
      await eventually(() => expect(JSON.stringify(s.errors)).toContain('FORBIDDEN'), 5_000);
      expect(Date.now() - since).toBeLessThan(3_000);

      const read = await onBothTransports(f.server.url, READ, { id: raised.id }, a.token);
      expect([read.http.data?.alert, read.ws.data?.alert]).toEqual([null, null]);
      for (const [query, vars] of [
        [Q.progress, { id: raised.id, status: 'ON_SCENE' }],
        [Q.resolve, { id: raised.id, disposition: 'FALSE_ALARM' }],
        [Q.claim, { id: raised.id }],
        [Q.decline, { id: raised.id }],
      ] as const) {
        const r = await onBothTransports(f.server.url, query, vars, a.token);
        expect([codeOf(r.http), codeOf(r.ws)], query).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      }
      const again = wsClient(f.server.url, a.token);
      const refused = collect(again, NEARBY, { r: 5 });
      await eventually(() => expect(JSON.stringify(refused.errors)).toContain('FORBIDDEN'));
      expect(refused.events).toEqual([]);
      await again.dispose();
      expect((await k.read(raised.id)).status).toBe('ACKNOWLEDGED'); // nothing changed
    } finally {
      await c.dispose();
    }
  });

  it('a position 57 km from the last one a moment later is stored but flagged, and used neither for offers nor for nearbyAlerts until a plausible one', async () => {
    const home = CITY.kansascity;
    const faked = offset(home, -40, 40);
    const a = await k.addAdvisor('kansascity', home);
    // Reported twice from the forged place (HTTP, then the socket): the second is measured from the last
    // plausible fix, so it does not pass for standing still.
    const jump = await onBothTransports(f.server.url, REPORT, { l: faked }, a.token);
    for (const r of [jump.http, jump.ws]) expect(r.data?.reportAdvisorLocation).toEqual({ id: a.id, location: faked, locationSuspect: true });
    const there = await k.raise(offset(faked, 0.5));
    expect(there.consulate.id).toBe('kansascity');
    expect(there.offer).toBeNull(); // the only advisor on duty is not "there"
    expect(there.status).toBe('ESCALATED');

    await k.sql(`update advisors set availability = 'OFF_DUTY' where id = $1::uuid`, [a.id]);
    const c = wsClient(f.server.url, a.token);
    const s = collect(c, NEARBY, { r: 5 });
    // An alert assigned to them reaches the stream (after its start); the one by the forged place never did.
    const near = await k.raise(offset(home, 1));
    const op = await operatorToken('kansascity');
    await k.ok(Q.assign, { id: near.id, advisorId: a.id }, op);
    await eventually(() => expect(s.events.map((e) => e.nearbyAlerts.alert.id)).toContain(near.id));
    expect(s.events.map((e) => e.nearbyAlerts.alert.id)).not.toContain(there.id);
    await c.dispose();
    await k.ok(Q.resolve, { id: near.id, disposition: 'OTHER' }, op);
    await k.sql(`update advisors set availability = 'AVAILABLE' where id = $1::uuid`, [a.id]);

    // Back where they were: plausible again, offered again.
    const back = await k.ok(REPORT, { l: offset(home, 0.5) }, a.token);
    expect(back.reportAdvisorLocation.locationSuspect).toBe(false);
    expect((await k.raise(offset(home, 1))).offer?.advisor.id).toBe(a.id);
    // Enough time since the last plausible fix makes the far place plausible too (two hours for 57 km).
    await k.sql(`update advisors set trusted_location_at = now() - interval '2 hours' where id = $1::uuid`, [a.id]);
    expect((await k.ok(REPORT, { l: faked }, a.token)).reportAdvisorLocation.locationSuspect).toBe(false);
    const roster = (await k.ok(`{ advisors { id locationSuspect } }`, {}, await supervisorToken())).advisors as Array<{ id: string; locationSuspect: boolean }>;
    expect(roster.find((x) => x.id === a.id)?.locationSuspect).toBe(false);
  });
});
