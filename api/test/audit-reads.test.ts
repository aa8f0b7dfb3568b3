import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, gql, personToken, serverFixture, token, wsClient } from './support/server.js';
import { CITY, offset } from './support/dispatch.js';
import { onBothTransports } from './support/transports.js';

/**
 * Every read of a precise location, a track or a person's note is audited (api/src/graphql/readAudit.ts):
 * on HTTP and WebSocket alike, over subscriptions per receiver and per alert (their execution is shared by
 * a group of subscribers, the audit is not), and a replay audits each alert it reveals.
 */
const RAISE = `mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }`;
const EVENTS = `subscription($after: String) { alertEvents(after: $after) { cursor alert { id location { lat precise } personNote } } }`;

type Row = { actor_role: string; actor_id: string | null; action: string };

describe.each(backends())('audited reads on %s', (backend) => {
  const f = serverFixture(backend);
  const auditOf = async (alertId: string) =>
    (await f.t.db.query<Row>(`select actor_role, actor_id, action from audit_log where subject_type = 'alert' and subject_id = $1 order by id`, [alertId])).rows;
  const raise = async (note: string, at = CITY.oklahoma) =>
    (await gql(f.server.url, RAISE, { i: { location: at, idempotencyKey: randomUUID(), note } }, await personToken(randomUUID()))).data!.raiseAlert.id as string;
  const operator = (sub: string) => token({ role: 'OPERATOR', sub, consulateId: 'oklahoma' });

  it('a query reading the note, the location or the track writes a row per read, on HTTP and over the socket', async () => {
    const id = await raise('cerca de la tienda');
    const op = await operator('op-query');
    const both = await onBothTransports(f.server.url, `query($id: ID!) { alert(id: $id) { personNote } }`, { id }, op);
    expect([both.http.data?.alert.personNote, both.ws.data?.alert.personNote]).toEqual(['cerca de la tienda', 'cerca de la tienda']);
    await onBothTransports(f.server.url, `query($id: ID!) { alert(id: $id) { track { lat } } }`, { id }, op);
    await eventually(async () => {
      const rows = (await auditOf(id)).filter((r) => r.actor_id === 'op-query');
      expect(rows.filter((r) => r.action === 'READ_PERSON_NOTE')).toHaveLength(2);
      expect(rows.filter((r) => r.action === 'READ_PRECISE_LOCATION')).toHaveLength(2);
    });
  });

  it('a shared subscription audits each receiver for each alert it shows, executing once for all of them', async () => {
    const ops = await Promise.all(['op-a', 'op-b', 'op-c'].map(operator));
    const clients = ops.map((t) => wsClient(f.server.url, t));
    const streams = clients.map((c) => collect(c, EVENTS));
    await eventually(() => expect(f.server.hub.listenerCount).toBeGreaterThanOrEqual(3));
    const executions = f.server.fanout.executions;
    const id = await raise('junto al parque');
    try {
      await eventually(() => expect(streams.every((s) => s.events.some((e) => e.alertEvents.alert.id === id))).toBe(true));
      const delivered = streams[0]!.events.filter((e) => e.alertEvents.alert.id === id).length;
      expect(streams[0]!.events.find((e) => e.alertEvents.alert.id === id)!.alertEvents.alert.location.precise).toBe(true);
      // One execution per event for the three identical consoles: the audit does not undo the sharing.
      expect(f.server.fanout.executions - executions).toBe(delivered);
      await eventually(async () => {
        const rows = await auditOf(id);
        for (const sub of ['op-a', 'op-b', 'op-c'])
          for (const action of ['READ_PRECISE_LOCATION', 'READ_PERSON_NOTE'])
            expect(rows.filter((r) => r.actor_id === sub && r.action === action).length, `${sub} ${action}`).toBeGreaterThanOrEqual(1);
      });
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });

  it('a replay audits every alert it reveals, not one row for the history', async () => {
    const cursor = (await gql(f.server.url, '{ eventsCursor }', {}, await operator('op-x'))).data!.eventsCursor as string;
    const ids = [await raise('uno', offset(CITY.oklahoma, 1)), await raise('dos', offset(CITY.oklahoma, 2))];
    const c = wsClient(f.server.url, await operator('op-replay'));
    const s = collect(c, EVENTS, { after: cursor });
    try {
      await eventually(() => expect(new Set(s.events.map((e) => e.alertEvents.alert.id))).toEqual(new Set(ids)));
      await eventually(async () => {
        for (const id of ids) {
          const actions = (await auditOf(id)).filter((r) => r.actor_id === 'op-replay').map((r) => r.action);
          expect(actions).toContain('READ_PRECISE_LOCATION');
          expect(actions).toContain('READ_PERSON_NOTE');
        }
      });
    } finally {
      await c.dispose();
    }
  });

  it("the person's own stream reveals their own alert only, and never writes a row that names the person", async () => {
    const p = await personToken(randomUUID());
    const id = (await gql(f.server.url, RAISE, { i: { location: offset(CITY.oklahoma, 3), idempotencyKey: 'mine', note: 'mi nota' } }, p)).data!.raiseAlert.id as string;
    const c = wsClient(f.server.url, p);
    const s = collect(c, `subscription($id: ID!) { alertUpdates(alertId: $id, after: "0") { alert { id location { precise } } } }`, { id });
    try {
      await eventually(() => expect(s.events.length).toBeGreaterThan(0));
      // A person reading their own alert is not a disclosure; the log outlives retention and erasure, so a row
      // naming the person would re-link them to the alert those cut.
      expect((await auditOf(id)).some((r) => r.actor_role === 'PERSON' && r.actor_id !== null)).toBe(false);
    } finally {
      await c.dispose();
    }
  });
});

