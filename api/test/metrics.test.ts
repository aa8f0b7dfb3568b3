import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, gql, operatorToken, personToken, serverFixture, wsClient } from './support/server.js';

const value = (text: string, metric: string) => {
  const line = text.split('\n').find((l) => l.startsWith(metric + ' ') || l.startsWith(metric + '{'));
  return line ? Number(line.split(' ').at(-1)) : NaN;
};

describe.each(backends().slice(0, 1))('GET /metrics (%s)', (backend) => {
  const f = serverFixture(backend);

  it('reports operations, sockets, subscriptions, deliveries, alerts by status and the event loop, with no personal data', async () => {
    const c = wsClient(f.server.url, await operatorToken('losangeles'));
    const listening = f.server.hub.listenerCount;
    const s = collect(c, 'subscription { alertEvents { cursor } }');
    // Live (no cursor): raise only once the subscription listens, or its event is not delivered.
    await eventually(() => expect(f.server.hub.listenerCount).toBeGreaterThan(listening));
    const r = await gql(f.server.url, 'mutation Raise($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }', { i: { location: { lat: 34.0611, lon: -118.2467 }, idempotencyKey: 'm' } }, await personToken(randomUUID()));
    await eventually(() => expect(s.events.length).toBeGreaterThan(0));
    const res = await fetch(`${f.server.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{operation="other",type="mutation",outcome="ok",transport="http"\} 1/);
    expect(value(text, 'ws_connections')).toBe(1);
    expect(value(text, 'ws_subscriptions')).toBe(1);
    expect(value(text, 'events_delivered_total')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'subscription_executions_total')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'subscription_serialisations_total')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'events_published_seq')).toBeGreaterThan(0);
    expect(text).toMatch(/alerts_by_status\{status="(OFFERED|ESCALATED)"\} [1-9]/);
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(text).not.toContain(r.data!.raiseAlert.id);
    expect(text).not.toContain('34.0611');
    await c.dispose();
    await eventually(async () => expect(value(await (await fetch(`${f.server.url}/metrics`)).text(), 'ws_subscriptions')).toBe(0));
  });
});
