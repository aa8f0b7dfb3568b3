import type { Server as HttpServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { CloseCode, makeServer } from 'graphql-ws';
import { GraphQLError, execute, getOperationAST, type FormattedExecutionResult, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { createDocumentChecker } from '../graphql/documentCheck.js';
import { formatErrors } from '../graphql/errors.js';
import { bearer, verifyToken } from '../auth/jwt.js';
import type { Viewer } from '../domain/viewer.js';
import type { Context } from '../graphql/context.js';
import { originAllowed } from './origin.js';
import type { WsOperationObserver } from './metrics.js';
import { createSharedSubscribe } from '../realtime/sharedExecution.js';
import { SAFELIST_REFUSAL, allowedBySafelist, expandPersisted } from './persistedOps.js';
import type { Safelist } from '../graphql/persisted.js';
import type { Role } from '../domain/viewer.js';
import { log } from '../log.js';
import { preparePayload, serveGraphqlWs, type Connection } from './wsAdapter.js';
import { clientAddress, rateKey } from './clientAddress.js';
import { AnonymousSocketLimits, DEFAULT_ANONYMOUS_LIMITS, type AnonymousLimits } from './wsAnonymousLimits.js';

export { KEEP_ALIVE_MS, SLOW_CONSUMER_BYTES, dropIfSlow } from './wsAdapter.js';

export const WS_PROTOCOL = 'graphql-transport-ws';
/** Largest accepted WebSocket message; larger frames close the socket with 1009. */
export const WS_MAX_PAYLOAD = 64 * 1024;
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

interface Extra extends Connection {
  viewer: Viewer | null;
  expiryTimer?: NodeJS.Timeout;
  /** Counted against connectionsPerToken while open. */
  holder?: string;
  /** Ids of this connection's active subscription operations (capped). */
  subscriptions: Set<string>;
  /** The client's address (behind `trustProxyHops` proxies) as counted by rate limits (`rateKey`); never logged. */
  clientIp: string;
  /** Counted against the anonymous connections of its address while open. */
  anonymousKey?: string;
  /** Start (ms) and count of this socket's operations in the current one-second window. */
  window: { start: number; count: number };
}

/**
 * graphql-ws on the HTTP server's port and path. The same validation rules and error formatting as the
 * HTTP path; the token is checked at connection_init and the socket is closed when it expires.
 */
export function attachWebSocket(opts: {
  httpServer: HttpServer;
  schema: GraphQLSchema;
  baseContext: () => Omit<Context, 'viewer' | 'clientIp'>;
  jwt: Parameters<typeof verifyToken>[1];
  allowedOrigins: string[];
  introspection: boolean;
  /** Open connections allowed per token subject (a stolen token cannot open thousands). */
  connectionsPerToken: number;
  safelist: Safelist;
  persistedOnlyFor: readonly Role[];
  /** Keep-alive ping interval (default `KEEP_ALIVE_MS`, 30 s); a socket that misses a pong is terminated one interval later. */
  keepAliveMs?: number;
  /** Unsent bytes per socket beyond which its reader is considered gone (default `SLOW_CONSUMER_BYTES`, 4 MiB). */
  slowConsumerBytes?: number;
  /** Told of every query and mutation run over a socket (metrics). */
  onOperation?: WsOperationObserver;
  /** Reverse proxies in front of us whose X-Forwarded-For is believed (0: the socket's peer is the client). */
  trustProxyHops?: number;
  /** Caps on sockets without a token (default `DEFAULT_ANONYMOUS_LIMITS`). */
  anonymous?: AnonymousLimits;
}) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  opts.httpServer.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    const refuse = (status: number, why: string) => {
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (path !== '/graphql') return refuse(404, 'Not Found');
    if (!protocols.includes(WS_PROTOCOL)) return refuse(400, 'Bad Request');
    if (!originAllowed(req, opts.allowedOrigins)) return refuse(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const checker = createDocumentChecker(opts.schema, { introspection: opts.introspection });
  const anonymous = new AnonymousSocketLimits(opts.anonymous ?? DEFAULT_ANONYMOUS_LIMITS);
  const shared = createSharedSubscribe({ present: formatResult });
  const connectionsOf = new Map<string, number>();
  let activeSubscriptions = 0;

  const server = makeServer<Record<string, unknown>, Extra>({
    schema: opts.schema,
    connectionInitWaitTimeout: 3_000,
    subscribe: shared.subscribe,
    // Queries and mutations (an officer's app reports its position over the socket it already holds).
    execute: async (args) => {
      const started = performance.now();
      const result = (await execute(args)) as ExecutionResult;
      const op = getOperationAST(args.document, args.operationName);
      opts.onOperation?.({
        // The document's own name, as Apollo labels HTTP requests (a client need not send operationName).
        operation: op?.name?.value ?? null,
        type: op?.operation ?? 'unknown',
        outcome: result.errors?.length ? 'error' : 'ok',
        seconds: (performance.now() - started) / 1000,
      });
      return result;
    },
    onConnect: async (ctx) => {
      const extra = ctx.extra;
      const token = bearer(ctx.connectionParams?.authorization);
      if (token === null) return anonymous.admit(extra); // public operations only, a few sockets per address
      try {
        extra.viewer = await verifyToken(token, opts.jwt);
      } catch {
        return false; // 4403 Forbidden
      }
      const holder = `${extra.viewer.role}:${extra.viewer.advisorId ?? extra.viewer.sub}`;
      const open = connectionsOf.get(holder) ?? 0;
      if (open >= opts.connectionsPerToken) return false; // 4403: too many connections for this token
      connectionsOf.set(holder, open + 1);
      extra.holder = holder;
      const ms = extra.viewer.exp * 1000 - Date.now();
      extra.expiryTimer = setTimeout(() => extra.socket.close(CloseCode.Forbidden, 'token expired'), Math.min(ms, 2 ** 31 - 1));
      return true;
    },
    onClose: (ctx) => {
      const extra = ctx.extra;
      activeSubscriptions -= extra.subscriptions.size;
      extra.subscriptions.clear();
      if (extra.expiryTimer) clearTimeout(extra.expiryTimer);
      anonymous.release(extra);
      if (extra.holder) {
        const left = (connectionsOf.get(extra.holder) ?? 1) - 1;
        if (left > 0) connectionsOf.set(extra.holder, left);
        else connectionsOf.delete(extra.holder);
      }
    },
    onSubscribe: (ctx, id, payload) => {
      const extra = ctx.extra;
      const flooding = anonymous.overRate(extra);
      if (flooding) return [flooding];
      if (expandPersisted(payload, opts.safelist)) return [new GraphQLError('unknown persisted operation', { extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } })];
      // Cheapest first, as on HTTP (size was capped by maxPayload): token-limited parse, shape budget,
      // limit rules, validation, and only then the safelist, which once ran first on any text and a 5 KB
      // document of depth 1,000 held the event loop for 5.4 s.
      const checked = checker.check(payload.query);
      if (checked.errors) return checked.errors;
      if (!allowedBySafelist(extra.viewer, payload.query, opts.safelist, opts.persistedOnlyFor))
        return [new GraphQLError(SAFELIST_REFUSAL, { extensions: { code: 'FORBIDDEN' } })];
      const document = checked.document;
      const op = getOperationAST(document, payload.operationName);
      if (!op) return [new GraphQLError('operation not found', { extensions: { code: 'BAD_USER_INPUT' } })];
      if (op.operation === 'subscription') {
        if (extra.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION)
          return [new GraphQLError(`at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`, { extensions: { code: 'RATE_LIMITED' } })];
        extra.subscriptions.add(id);
        activeSubscriptions++;
      }
      const args: ExecutionArgs = {
        schema: opts.schema,
        document,
        operationName: payload.operationName ?? null,
        variableValues: payload.variables ?? null,
        contextValue: {
          ...opts.baseContext(),
          viewer: extra.viewer,
          clientIp: extra.clientIp,
        } satisfies Context,
      };
      return args;
    },
    onComplete: (ctx, id) => {
      if (ctx.extra.subscriptions.delete(id)) activeSubscriptions--;
    },
    // Identical subscribers receive the same result object; its JSON (errors formatted) is made once and
    // spliced into each socket's frame by the adapter. A consumer that stops reading is cut off there.
    // A query's or mutation's single result has one reader: formatted and sent as is.
    onNext: (ctx, id, _payload, _args, result) =>
      ctx.extra.subscriptions.has(id) ? preparePayload(ctx.extra, shared.payloadBytes(result)) : (formatResult(result) as FormattedExecutionResult),
    onError: (_ctx, _id, _payload, errors) => formatErrors(errors as GraphQLError[]),
  });
  const extraFor = (connection: Connection): Extra => ({
    ...connection,
    viewer: null,
    subscriptions: new Set<string>(),
    clientIp: rateKey(clientAddress(connection.request, opts.trustProxyHops ?? 0)),
    window: { start: 0, count: 0 },
  });
  const cleanup = serveGraphqlWs(wss, server, extraFor, {
    keepAliveMs: opts.keepAliveMs,
    slowConsumerBytes: opts.slowConsumerBytes,
  });
  wss.on('error', (err) => log.warn('ws.error', { err }));
  return {
    wss,
    fanout: shared.stats,
    subscriptionCount: () => activeSubscriptions,
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      await cleanup.dispose();
    },
  };
}

/** A result as it goes on the wire: errors formatted (masked, stable codes) as on HTTP. */
function formatResult(result: ExecutionResult): ExecutionResult | object {
  return result.errors ? { ...result, errors: formatErrors(result.errors) } : result;
}
