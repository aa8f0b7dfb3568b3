import { Client, cacheExchange, fetchExchange, getOperationName, mapExchange, subscriptionExchange, type OperationContext } from 'urql';
import { createClient as createWsClient, CloseCode, type Client as WsClient } from 'graphql-ws';
import { isTokenRejection } from './errors';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'rejected';

/** Put in an operation's context to resume a subscription after a reconnect (see forwardSubscription). */
export interface ResumeContext {
  resumeAfter?: () => string | null;
}

export interface ApiClient {
  urql: Client;
  status(): ConnectionStatus;
  onStatus(listener: () => void): () => void;
  dispose(): void;
}

/** Full jitter over a capped exponential: a restarted server is not hit by every console at once. */
export function retryDelayMs(retries: number, random = Math.random): number {
  const cap = Math.min(30_000, 1_000 * 2 ** retries);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/** Mutations sent over the socket while it is connected (see `isSubscriptionOperation` below). */
export const OVER_SOCKET: ReadonlySet<string> = new Set(['OfficerReportLocation']);

const isCloseEvent = (e: unknown): e is { code: number } =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'number';

/**
 * GraphQL over HTTP for queries and mutations, graphql-ws on the same path for subscriptions.
 * `token` null: an anonymous client (the person's registration, before there is a token).
 */
export function createApiClient(token: string | null, base: Location = window.location): ApiClient {
  let status: ConnectionStatus = 'connecting';
  const listeners = new Set<() => void>();
  const setStatus = (s: ConnectionStatus) => {
    if (s === status) return;
    status = s;
    listeners.forEach((l) => l());
  };

  const ws: WsClient = createWsClient({
    url: `${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}/graphql`,
    connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
    // A console is left open for a whole shift: never give up on the network.
    retryAttempts: Infinity,
    retryWait: (retries) => new Promise((r) => setTimeout(r, retryDelayMs(retries))),
    // Retry on any problem (server down, proxy hiccup), except the server refusing our token
    // (4403): retrying that forever would hide the real problem from the operator.
    shouldRetry: (e) => !(isCloseEvent(e) && e.code === CloseCode.Forbidden),
    on: {
      connected: () => setStatus('connected'),
      closed: (e) => setStatus(isCloseEvent(e) && e.code === CloseCode.Forbidden ? 'rejected' : 'reconnecting'),
      error: () => setStatus('reconnecting'),
    },
  });

  const urql = new Client({
    url: '/graphql',
    exchanges: [
      cacheExchange,
      // The console's first requests (the initial load) go over HTTP: a refused token must show as
      // "rejected" there too, not as a socket that is forever "connecting".
      mapExchange({
        onError(error) {
          if (isTokenRejection(error)) setStatus('rejected');
        },
      }),
      subscriptionExchange({
        // Subscriptions, and the mutations an app repeats all shift long (an officer's position) once the
        // socket is up: over the authenticated socket a report costs the server a fifth of an HTTP request.
        // Before the socket is up, or while it is down, they go over HTTP as any other mutation.
        isSubscriptionOperation: (op) =>
          op.kind === 'subscription' || (op.kind === 'mutation' && status === 'connected' && OVER_SOCKET.has(getOperationName(op.query) ?? '')),
        forwardSubscription(request, operation) {
          const resumeAfter = (operation.context as OperationContext & ResumeContext).resumeAfter;
          // graphql-ws re-sends this same payload object every time it reconnects. Reading the cursor
          // lazily makes each resend ask for "everything after the last event I applied", so the
          // server replays exactly what was missed while we were away.
          const payload = {
            query: request.query ?? '',
            operationName: request.operationName,
            extensions: request.extensions,
            get variables() {
              const after = resumeAfter?.() ?? null;
              return after === null ? request.variables : { ...request.variables, after };
            },
          };
          return {
            subscribe(sink) {
              return { unsubscribe: ws.subscribe(payload, sink) };
            },
          };
        },
      }),
      fetchExchange,
    ],
    fetchOptions: () => (token === null ? {} : { headers: { authorization: `Bearer ${token}` } }),
    preferGetMethod: false,
  });

  return {
    urql,
    status: () => status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      listeners.clear();
      void ws.dispose();
    },
  };
}
