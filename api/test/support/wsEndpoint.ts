import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from '../../src/graphql/schema.js';
import { loadConsulateDirectory } from '../../src/graphql/consulateDirectory.js';
import { loadSafelist } from '../../src/graphql/persisted.js';
import { PositionFeed } from '../../src/realtime/positions.js';
import { AuditTrail } from '../../src/services/audit.js';
import { RateWindow } from '../../src/rateWindow.js';
import { attachWebSocket } from '../../src/http/wsServer.js';
import type { Fixture } from './dispatch.js';

type WsOptions = Parameters<typeof attachWebSocket>[0];

/**
 * A second graphql-ws endpoint of a running test server: the same database, event hub and config, wired
 * as `startServer` wires its own, but with WebSocket settings a test can shrink (keep-alive, slow-consumer
 * limit) so that it observes them in milliseconds and kilobytes instead of 30 s and 4 MiB.
 */
export async function startWsEndpoint(f: Fixture, ws: Pick<WsOptions, 'keepAliveMs' | 'slowConsumerBytes'>) {
  const { db } = f.t;
  const config = f.server.config;
  const positions = new PositionFeed(db);
  const audit = new AuditTrail(db);
  const consulates = await loadConsulateDirectory(db);
  // What the WebSocket operations reach (streams and their fields); writes go through `f.server`. Asserted
  // rather than built in full so this helper does not restate every service `startServer` adds to it.
  const baseContext = () =>
    ({ db, hub: f.server.hub, positions, audit, registrations: new RateWindow(), config, consulates }) as ReturnType<WsOptions['baseContext']>;
  const httpServer = createServer((_req, res) => res.writeHead(404).end());
  const endpoint = attachWebSocket({
    httpServer,
    schema: buildSchema(),
    baseContext,
    jwt: config.jwt,
    allowedOrigins: config.allowedOrigins,
    introspection: config.introspection,
    connectionsPerToken: config.privacy.connectionsPerToken,
    safelist: loadSafelist(config.persistedManifestPath),
    persistedOnlyFor: config.persistedOnlyFor,
    ...ws,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    ...endpoint,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await endpoint.dispose();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      positions.stop();
      await audit.flush();
    },
  };
}
