import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, gql, operatorToken, personToken, serverFixture, supervisorToken, wsClient } from './support/server.js';

const RAISE = `mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }`;
const LIST = `query($c: ID, $open: Boolean) { alerts(consulateId: $c, openOnly: $open) { id status consulate { id } shortCode } }`;

describe.each(backends())('control-room reads on %s', (backend) => {
  const f = serverFixture(backend);

  it('lists the operator’s own open alerts only, newest first, and loads-then-resumes without a gap', async () => {
    const p = await personToken(randomUUID());
    const la1 = (await gql(f.server.url, RAISE, { i: { location: { lat: 34.05, lon: -118.25 }, idempotencyKey: 'a' } }, p)).data!.raiseAlert.id;
    const sd = (await gql(f.server.url, RAISE, { i: { location: { lat: 32.7157, lon: -117.1611 }, idempotencyKey: 'b' } }, p)).data!.raiseAlert.id;
    const op = await operatorToken('losangeles');

    const cursor = (await gql(f.server.url, '{ eventsCursor }', {}, op)).data!.eventsCursor as string;
    const la2 = (await gql(f.server.url, RAISE, { i: { location: { lat: 34.06, lon: -118.24 }, idempotencyKey: 'c' } }, p)).data!.raiseAlert.id;
    const list = (await gql(f.server.url, LIST, {}, op)).data!.alerts as Array<{ id: string; consulate: { id: string }; shortCode: string }>;
    expect(list.map((a) => a.id)).toEqual(expect.arrayContaining([la1, la2]));
    expect(list.map((a) => a.id)).not.toContain(sd);
    expect(list.every((a) => a.consulate.id === 'losangeles' && a.shortCode === a.id.slice(0, 8))).toBe(true);
    expect(list.findIndex((a) => a.id === la2)).toBeLessThan(list.findIndex((a) => a.id === la1));

    // Resuming from the cursor read before la2 delivers la2's events: nothing falls between list and stream.
    const c = wsClient(f.server.url, op);
    const s = collect(c, 'subscription($after: String) { alertEvents(after: $after) { alert { id } } }', { after: cursor });
    await eventually(() => expect(s.events.map((e) => e.alertEvents.alert.id)).toContain(la2));
    expect(s.events.map((e) => e.alertEvents.alert.id)).not.toContain(la1);
    await c.dispose();

    const forbidden = await gql(f.server.url, LIST, { c: 'sandiego' }, op);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const sup = await gql(f.server.url, LIST, { c: 'sandiego' }, await supervisorToken());
    expect(sup.data!.alerts.map((a: { id: string }) => a.id)).toContain(sd);
    const person = await gql(f.server.url, LIST, {}, p);
    expect(person.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
