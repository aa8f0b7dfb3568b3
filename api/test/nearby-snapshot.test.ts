import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, serverFixture, wsClient } from './support/server.js';
import { CITY, Q, dispatchKit, offset } from './support/dispatch.js';

/**
 * `nearbyAlerts` starts with the open alerts in reach as they are now, then continues live from the same
 * point (api/src/realtime/nearbyStream.ts): an advisor who comes on duty sees an alert escalated before,
 * and alerts raised while the stream starts arrive exactly once, with no gap.
 */
const NEARBY = `subscription { nearbyAlerts(radiusKm: 10) { cursor type alert { id status } } }`;

describe.each(backends())('nearbyAlerts snapshot then live on %s', (backend) => {
  const f = serverFixture(backend);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  it('starts with an alert escalated before the advisor came on duty, then every alert raised meanwhile exactly once, in order', async () => {
    const before = await k.raise(offset(CITY.albuquerque, 1)); // nobody on duty: escalated
    expect(before.status).toBe('ESCALATED');
    const a = await k.addAdvisor('albuquerque', CITY.albuquerque);
    await k.ok(Q.setAvailability, { a: 'OFF_DUTY' }, a.token); // off duty: alerts stay open and unassigned

    const c = wsClient(f.server.url, a.token);
    const s = collect(c, NEARBY);
    // Raised while the stream starts: some commit before its snapshot, some after, some during the switch.
    const during = await Promise.all(Array.from({ length: 8 }, (_, i) => k.raise(offset(CITY.albuquerque, 0.5 * i, 0.3))));
    try {
      const ids = [before.id, ...during.map((r) => r.id)];
      await eventually(() => expect(new Set(s.events.map((e) => e.nearbyAlerts.alert.id))).toEqual(new Set(ids)));
      // The first is the escalated alert, as its latest event (the escalation), from before the stream began.
      expect(s.events[0]!.nearbyAlerts).toMatchObject({ type: 'ESCALATED', alert: { id: before.id, status: 'ESCALATED' } });
      const cursors = s.events.map((e) => Number(e.nearbyAlerts.cursor));
      expect(new Set(cursors).size).toBe(cursors.length); // no event twice
      expect([...cursors].sort((x, y) => x - y)).toEqual(cursors); // in order
      // Every step of an alert raised after the snapshot arrives, not just its last one.
      const after = await k.raise(offset(CITY.albuquerque, 2));
      await eventually(() => expect(s.events.filter((e) => e.nearbyAlerts.alert.id === after.id).map((e) => e.nearbyAlerts.type)).toEqual(['RAISED', 'ESCALATED']));
      expect(s.errors).toEqual([]);
    } finally {
      await c.dispose();
    }
  });
});
