import { createServer as createHttpServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { GraphQLError } from 'graphql';
import type { Db } from '../db/types.js';
import type { Config } from '../config.js';
import { buildSchema } from '../graphql/schema.js';
import { PARSE_OPTIONS, limitRules } from '../graphql/limits.js';
import { formatError } from '../graphql/errors.js';
import { loadConsulateDirectory } from '../graphql/consulateDirectory.js';
import type { Context } from '../graphql/context.js';
import { warmUpConnection } from '../sql/warmUp.js';
import { EventHub } from '../realtime/hub.js';
import { createIncidentHub, type IncidentHub } from '../realtime/incidentStream.js';
import { IncidentDetector } from '../services/incidents/worker.js';
import { warmIncidentCrews } from '../graphql/resolvers/incidents.js';
import { PositionFeed } from '../realtime/positions.js';
import { AuditTrail } from '../services/audit.js';
import { LocationWriter } from '../services/locationWriter.js';
import { RateWindow } from '../rateWindow.js';
import { createMetrics } from './metrics.js';
import { mountMetrics, startMetricsServer } from './metricsAccess.js';
import { createDocumentChecker } from '../graphql/documentCheck.js';
import { documentCheckMiddleware } from './documentCheckMiddleware.js';
import { clientAddress, rateKey } from './clientAddress.js';
import { loadSafelist } from '../graphql/persisted.js';
import { persistedHttpMiddleware, persistedPolicyPlugin } from './persistedOps.js';
import { startRetentionJob } from '../services/retention.js';
import { startOfferSweeper } from '../services/offers.js';
import { bearer, verifyToken } from '../auth/jwt.js';
import { AppError } from '../domain/errors.js';
import { attachWebSocket } from './wsServer.js';
import { devSignIn } from './devSignIn.js';
import { basemapRouter } from './pmtiles.js';
import { healthz, readyz } from './health.js';
import { createHttpDrain, type HttpDrainReport } from './drain.js';
import { districtsGeoJson, statesGeoJson } from './geo.js';
import { uncertainCountiesGeoJson } from './countyGeo.js';
import { log } from '../log.js';
import { RecentWrites } from '../graphql/lagTolerantReads.js';
import { startSms, type SmsRuntime } from '../sms/service.js';
import { smsRouter } from './smsRoutes.js';

/** Largest accepted GraphQL HTTP body; larger requests get 413 before parsing. */
export const HTTP_BODY_LIMIT = '64kb';

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  hub: EventHub;
  incidentHub: IncidentHub;
  /** The advisors' position feed (advisorPositions subscribers). */
  positions: PositionFeed;
  /** Subscription executions and serialisations vs deliveries: sharing keeps the first two flat as audiences grow. */
  fanout: { executions: number; deliveries: number; serialisations: number };
  /** The separate /metrics port (METRICS_PORT), when configured. */
  metricsPort: number | null;
  /**
   * Drains (api/src/http/drain.ts): /readyz 503, no new connections, HTTP requests in flight answered (up to
   * `config.ops.shutdownGraceMs`), then WebSockets closed with 1001, background jobs stopped, the audit
   * buffer written. The database stays open: its owner closes it.
   */
  close(): Promise<ShutdownReport>;
  /** HTTP requests received and not yet answered. */
  requestsInFlight(): number;
  /** SMS webhooks and the outbox worker (docs/SMS.md). */
  sms: SmsRuntime;
}

export interface ShutdownReport {
  http: HttpDrainReport;
  webSockets: number;
  auditRows: number;
}

/** What only a measurement changes: never set by configuration, so a deployment always detects incidents. */
export interface ServerOptions {
  /**
   * false: no incident detection in this process (the benchmark's control run, `BENCH_DETECTION=0`, which
   * measures what raid mode's own work costs the service under the same load).
   */
  incidentDetection?: boolean;
}

/** HTTP + WebSocket server on one port: GraphQL at /graphql, health, geometry, and the built web app. */
export async function startServer(db: Db, config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const schema = buildSchema();
  // Every pool connection open and warm before the first request (the first raises of a raid must not
  // each pay a new backend's start-up).
  await db.warm?.(warmUpConnection);
  const consulates = await loadConsulateDirectory(db);
  const hub = new EventHub(db);
  await hub.start();
  const incidentHub = createIncidentHub(db);
  await incidentHub.start();
  // Stopped with the hub (`stop` drops its watchers).
  warmIncidentCrews(incidentHub, db);
  const incidents = new IncidentDetector(db, hub, config.incidents);
  if (opts.incidentDetection !== false) incidents.start();
  const sweeper = startOfferSweeper({ db, dispatch: config.dispatch });

  const app = express();
  app.disable('x-powered-by');
  const net = config.network;
  const httpServer = createHttpServer(
    {
      // A request's headers and body must arrive within these (Node's default lets a trickled body hold a
      // connection for 300 s); Node looks for late ones every `connectionsCheckingInterval` ms.
      requestTimeout: net.requestTimeoutMs,
      headersTimeout: net.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, net.headersTimeoutMs),
    },
    app,
  );
  const drain = createHttpDrain(httpServer);
  app.use(drain.track);
  // Longer than the usual 60 s idle timeout of proxies and clients, so an idle keep-alive socket is
  // never closed by us just as a client reuses it (a reset a phone on a weak network would see as failure).
  // An idle keep-alive socket is not "receiving a request", so the deadlines above do not cut it.
  httpServer.keepAliveTimeout = 65_000;
  const positions = new PositionFeed(db);
  const audit = new AuditTrail(db);
  const registrations = new RateWindow();
  const locations = new LocationWriter(db);
  const recentWrites = new RecentWrites();
  const baseContext = () => ({ db, hub, incidentHub, positions, audit, locations, registrations, recentWrites, config, consulates, clientIp: 'unknown' });
  const retention = startRetentionJob(db, config.privacy);
  const sms = startSms(db, config);
  const safelist = loadSafelist(config.persistedManifestPath);
  const ws = attachWebSocket({
    safelist,
    persistedOnlyFor: config.persistedOnlyFor,
    httpServer,
    schema,
    baseContext,
    jwt: config.jwt,
    allowedOrigins: config.allowedOrigins,
    introspection: config.introspection,
    connectionsPerToken: config.privacy.connectionsPerToken,
    keepAliveMs: config.wsKeepAliveMs,
    onOperation: (o) => metrics.observeWs(o),
    trustProxyHops: net.trustProxyHops,
    anonymous: { connectionsPerAddress: net.wsAnonymousConnectionsPerAddress, operationsPerSecond: net.wsAnonymousOperationsPerSecond },
  });

  const metrics = createMetrics({
    db,
    hub,
    fanout: ws.fanout,
    wsConnections: () => ws.wss.clients.size,
    wsSubscriptions: () => ws.subscriptionCount(),
    operationNames: safelist.operationNames,
  });
  const metricsServer = await startMetricsServer(metrics.handler, net);
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: limitRules({ introspection: config.introspection }),
    // Token budget enforced by the parser itself: too long a document is 400 GRAPHQL_PARSE_FAILED.
    parseOptions: PARSE_OPTIONS,
    formatError,
    // One owner of the shutdown in every NODE_ENV: `close()` below, driven by main.ts. Apollo's own SIGTERM
    // handler stopped the server first and left main's drain waiting forever (issue 22).
    stopOnTerminationSignals: false,
    plugins: [
      persistedPolicyPlugin(safelist, config.persistedOnlyFor),
      metrics.plugin,
    ],
    // Our safelist replaces automatic persisted queries: nobody may register new operations by hash.
    persistedQueries: false,
  });
  await apollo.start();

  app.get('/healthz', healthz);
  mountMetrics(app, metrics.handler, net, config.production);
  app.get('/readyz', drain.readyGuard, readyz(db));
  app.get('/geo/districts.geojson', districtsGeoJson(db));
  app.get('/geo/states.geojson', statesGeoJson());
  app.get('/geo/uncertain-counties.geojson', uncertainCountiesGeoJson(db));
  app.get('/geo/districts/:consulateId.geojson', districtsGeoJson(db));
  app.get('/app-config.json', (_req, res) => {
    res.json({ mapboxToken: config.mapboxToken, devSignIn: config.devSignIn, basemap: config.mapPmtiles !== null, smsNumber: config.smsNumber });
  });
  if (config.devSignIn) app.post('/dev/sign-in', express.json({ limit: '1kb' }), devSignIn(db, config.jwt));
  app.use(smsRouter({ db, dispatch: config.dispatch, sms: config.sms, vault: sms.vault }));
  app.use(
    '/graphql',
    express.json({ limit: HTTP_BODY_LIMIT }),
    persistedHttpMiddleware(safelist),
    documentCheckMiddleware(createDocumentChecker(schema, { introspection: config.introspection })),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const token = bearer(req.headers.authorization);
        const clientIp = rateKey(clientAddress(req, net.trustProxyHops));
        if (token === null) return { ...baseContext(), clientIp, viewer: null };
        try {
          return { ...baseContext(), clientIp, viewer: await verifyToken(token, config.jwt) };
        } catch (err) {
          const e = err as AppError;
          throw new GraphQLError(e.message, { extensions: { code: e.code, http: { status: 401 } } });
        }
      },
    }),
  );
  app.use(basemapRouter(config.mapPmtiles));
  const web = config.webDist;
  if (existsSync(web)) {
    app.use(
      express.static(web, {
        index: 'index.html',
        maxAge: '1h',
        // The person's page's service worker (vite-plugin-pwa): always checked with us, so a fix reaches phones
        // at their next visit rather than an hour later through a proxy's cache.
        setHeaders: (res, file) => void (file.endsWith('/sw.js') && res.setHeader('Cache-Control', 'no-cache')),
      }),
    );
    // Client-side routes (/officer, /alert) get the app shell.
    app.get(/^\/(?!graphql|geo|healthz|readyz|metrics).*/, (_req, res) => res.sendFile(join(web, 'index.html')));
  }
  app.use((err: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) log.error('http.error', { errName: err.name });
    // 415 (a charset other than UTF-8/16/32, e.g. latin1, or an unknown content-encoding) gets its own code
    // and message instead of a bare "bad request", so a client can tell what to change.
    const [message, code] =
      status === 413 ? ['request body too large', 'PAYLOAD_TOO_LARGE']
      : status === 415 ? ['unsupported charset or encoding: send JSON as UTF-8', 'UNSUPPORTED_MEDIA_TYPE']
      : status === 500 ? ['bad request', 'INTERNAL_SERVER_ERROR']
      : ['bad request', 'BAD_REQUEST'];
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  });

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  return {
    url,
    port,
    httpServer,
    hub,
    incidentHub,
    positions,
    fanout: ws.fanout,
    metricsPort: metricsServer?.port ?? null,
    requestsInFlight: () => drain.inFlight,
    sms,
    async close() {
      const http = await drain.drain(config.ops.shutdownGraceMs);
      const webSockets = ws.wss.clients.size;
      await ws.dispose(); // 1001 to every socket
      await apollo.stop();
      if (metricsServer) await new Promise<void>((resolve) => metricsServer.server.close(() => resolve()));
      await locations.dispose(); // every accepted position report written before the pool closes
      await sweeper.stop();
      positions.stop();
      await retention.stop();
      await sms.stop();
      const auditRows = await audit.flush();
      await incidents.stop();
      await incidentHub.stop();
      await hub.stop();
      return { http, webSockets, auditRows };
    },
  };
}
