import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { gql, serverFixture, testConfig, wsClient } from './support/server.js';
import { loadNetworkConfig, type NetworkConfig } from '../src/networkConfig.js';
import { metricsOnMainPort } from '../src/http/metricsAccess.js';

/** Issue 17 item 6: bounded operation labels, and /metrics never public in production. */
const network = (over: Partial<NetworkConfig>): NetworkConfig => ({ ...testConfig().network, ...over });
const METRICS_TOKEN = 'metrics-token-0123456789';
const metrics = (url: string, token?: string) => fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe.each(backends().slice(0, 1))('metrics labels (%s)', (backend) => {
  const f = serverFixture(backend);

  it('labels only safelisted operation names; 300 made-up names on HTTP and WS add no series', async () => {
    await gql(f.server.url, 'query PersonCities { consulates { id } }');
    const before = await (await metrics(f.server.url)).text();
    const c = wsClient(f.server.url);
    for (let i = 0; i < 150; i++) {
      await gql(f.server.url, `query Probe${i}x${Date.now()} { consulates { id } }`);
      await new Promise<void>((resolve, reject) =>
        c.subscribe({ query: `query WsProbe${i} { __typename }` }, { next: () => undefined, error: reject, complete: resolve }),
      );
    }
    await c.dispose();
    const after = await (await metrics(f.server.url)).text();
    expect(after).not.toMatch(/Probe\d/);
    expect(after).toMatch(/graphql_operation_duration_seconds_count\{operation="PersonCities",type="query",outcome="ok",transport="http"\} \d/);
    expect(after).toMatch(/graphql_operation_duration_seconds_count\{operation="other",type="query",outcome="ok",transport="http"\} 150/);
    expect(after).toMatch(/graphql_operation_duration_seconds_count\{operation="other",type="query",outcome="ok",transport="ws"\} 150/);
    // One new name (other), not 300: the text grows by a few KB, not by a megabyte.
    const labels = new Set([...after.matchAll(/operation="([^"]*)"/g)].map((m) => m[1]));
    expect([...labels].sort()).toEqual(['PersonCities', 'other']);
    expect(after.length - before.length).toBeLessThan(10_000);
  });
});

describe('who may read /metrics', () => {
  it('decides from METRICS_PORT, METRICS_TOKEN and NODE_ENV', () => {
    expect(metricsOnMainPort(network({}), false)).toBe('open');
    expect(metricsOnMainPort(network({}), true)).toBe('off');
    expect(metricsOnMainPort(network({ metricsToken: METRICS_TOKEN }), true)).toBe('token');
    expect(metricsOnMainPort(network({ metricsPort: 0 }), false)).toBe('off');
    expect(() => loadNetworkConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadNetworkConfig({ METRICS_TOKEN: 'has spaces in it, sixteen+' })).toThrow(/METRICS_TOKEN/);
  });

  describe.each(backends().slice(0, 1))('production without either (%s)', (backend) => {
    const f = serverFixture(backend, { production: true });
    it('does not serve /metrics at all', async () => {
      expect((await metrics(f.server.url)).status).toBe(404);
      expect((await metrics(f.server.url, METRICS_TOKEN)).status).toBe(404);
      expect(f.server.metricsPort).toBeNull();
    });
  });

  describe.each(backends().slice(0, 1))('production with METRICS_TOKEN (%s)', (backend) => {
    const f = serverFixture(backend, { production: true, network: network({ metricsToken: METRICS_TOKEN }) });
    it('answers only with the bearer token', async () => {
      expect((await metrics(f.server.url)).status).toBe(401);
      expect((await metrics(f.server.url, 'metrics-token-0123456788')).status).toBe(401);
      const ok = await metrics(f.server.url, METRICS_TOKEN);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('graphql_operation_duration_seconds');
    });
  });

  describe.each(backends().slice(0, 1))('production with METRICS_PORT (%s)', (backend) => {
    const f = serverFixture(backend, { production: true, network: network({ metricsPort: 0, metricsHost: '127.0.0.1' }) });
    it('answers on its own port only', async () => {
      expect((await metrics(f.server.url)).status).toBe(404);
      expect(f.server.metricsPort).toBeGreaterThan(0);
      const ok = await metrics(`http://127.0.0.1:${f.server.metricsPort}`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('ws_connections');
    });
  });
});
