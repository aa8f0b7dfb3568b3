import { intEnv } from './envValues.js';

/** Who may see /metrics, who the client is behind proxies, and how long a slow client may hold us. */
export interface NetworkConfig {
  /** Reverse proxies in front of the service whose X-Forwarded-For entries are believed (TRUST_PROXY). */
  trustProxyHops: number;
  /** A separate port serving only /metrics (null: none). */
  metricsPort: number | null;
  metricsHost: string;
  /** Bearer token required for /metrics wherever it is served (null: none). */
  metricsToken: string | null;
  /** Whole request (headers and body) must arrive within this (Node's own default: 300 s). */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  /** Open sockets without a token per client address, and operations per second on one such socket. */
  wsAnonymousConnectionsPerAddress: number;
  wsAnonymousOperationsPerSecond: number;
}

export function loadNetworkConfig(env: NodeJS.ProcessEnv): NetworkConfig {
  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken !== null && !/^[A-Za-z0-9_.-]{16,}$/.test(metricsToken))
    throw new Error('METRICS_TOKEN must be at least 16 characters of letters, digits, "-", "_" or "."');
  const requestTimeoutMs = intEnv(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 300_000);
  const headersTimeoutMs = intEnv(env, 'HTTP_HEADERS_TIMEOUT_MS', Math.min(15_000, requestTimeoutMs), 1_000, 300_000);
  if (headersTimeoutMs > requestTimeoutMs) throw new Error('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  return {
    trustProxyHops: intEnv(env, 'TRUST_PROXY', 0, 0, 10),
    metricsPort: env.METRICS_PORT ? intEnv(env, 'METRICS_PORT', 0, 0, 65535) : null,
    metricsHost: env.METRICS_HOST || '127.0.0.1',
    metricsToken,
    requestTimeoutMs,
    headersTimeoutMs,
    wsAnonymousConnectionsPerAddress: intEnv(env, 'WS_ANONYMOUS_CONNECTIONS_PER_ADDRESS', 20, 1, 100_000),
    wsAnonymousOperationsPerSecond: intEnv(env, 'WS_ANONYMOUS_OPERATIONS_PER_SECOND', 10, 1, 10_000),
  };
}
