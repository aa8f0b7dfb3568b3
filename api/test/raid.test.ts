import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, gql, operatorToken, personToken, serverFixture, wsClient } from './support/server.js';

// Prefer the real database: the burst is about concurrency, which the embedded one serialises.
const backend = backends().includes('postgres') ? 'postgres' : backends()[0]!;

describe(`a raid burst (${backend})`, () => {
  const f = serverFixture(backend);

  it('500 alerts at one consulate, on top of traffic elsewhere: every one reaches the control room, once', async () => {
    const c = wsClient(f.server.url, await operatorToken('losangeles'));
    const s = collect(c, 'subscription { alertEvents { cursor type alert { id } } }');
    await eventually(() => expect(f.server.hub.listenerCount).toBe(1));
    const raid = { lat: 34.0522, lon: -118.2437 };
    const raiseAt = async (lat: number, lon: number) =>
      (await gql(f.server.url, 'mutation($i: RaiseAlertInput!) { raiseAlert(input: $i) { id } }',
        { i: { location: { lat, lon }, idempotencyKey: randomUUID() } }, await personToken(randomUUID()))).data!.raiseAlert.id as string;
    const ids: string[] = [];
    // 10 phones at a time around the raid point (±1 km), and one alert in Chicago for every 10 in the raid.
    for (let i = 0; i < 500; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, j) => raiseAt(raid.lat + (((i + j) % 20) - 10) / 1000, raid.lon + (((i + j) % 7) - 3) / 1000)));
      ids.push(...batch);
      await raiseAt(41.8781, -87.6298);
    }
    expect(new Set(ids).size).toBe(500);
    await eventually(() => expect(new Set(s.events.filter((e) => e.alertEvents.type === 'RAISED').map((e) => e.alertEvents.alert.id))).toEqual(new Set(ids)), 60_000);
    const cursors = s.events.map((e) => e.alertEvents.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    await c.dispose();
  }, 180_000);
});

describe('dependencies', () => {
  it('has no subscriptions-transport-ws anywhere in the tree, and maintained majors of the GraphQL stack', () => {
    const tree = JSON.parse(execFileSync('npm', ['ls', '--all', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
    const found: Record<string, string[]> = {};
    const walk = (deps: Record<string, { version?: string; dependencies?: object }> = {}) => {
      for (const [name, d] of Object.entries(deps)) {
        (found[name] ??= []).push(d.version ?? '');
        walk(d.dependencies as never);
      }
    };
    walk(tree.dependencies);
    expect(found['subscriptions-transport-ws']).toBeUndefined();
    expect(found['apollo-server']).toBeUndefined();
    expect(found['@apollo/server']!.every((v) => v.startsWith('5.'))).toBe(true);
    expect(found['graphql']!.every((v) => v.startsWith('16.'))).toBe(true);
    expect(found['graphql-ws']!.every((v) => v.startsWith('6.'))).toBe(true);
    expect(found['ws']!.every((v) => v.startsWith('8.'))).toBe(true);
  }, 60_000);
});
