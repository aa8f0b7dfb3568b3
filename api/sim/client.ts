/**
 * The simulator's only way in: the public GraphQL API of a running server, over HTTP and graphql-ws,
 * with tokens it mints itself (the server's secret: AUTH_JWT_SECRET, or the development secret in
 * DATA_DIR). Every GraphQL error is counted by `extensions.code`.
 */
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { signToken, type JwtConfig, type TokenClaims } from '../src/auth/jwt.js';

export interface Counters {
  /** Errors by `extensions.code` (or NETWORK / HTTP_<status> when no GraphQL answer came back). */
  errors: Record<string, number>;
  /** Calls by operation name. */
  calls: Record<string, number>;
}

export class ApiError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class Api {
  readonly counters: Counters = { errors: {}, calls: {} };
  private readonly sockets: Client[] = [];

  constructor(
    readonly url: string,
    private readonly jwt: JwtConfig,
  ) {}

  token(claims: TokenClaims): Promise<string> {
    return signToken({ ttlSeconds: 6 * 3600, ...claims }, this.jwt);
  }

  private count(table: Record<string, number>, key: string) {
    table[key] = (table[key] ?? 0) + 1;
  }

  /** One GraphQL request; throws ApiError (already counted) when the answer carries an error. */
  async call<T = any>(op: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
    this.count(this.counters.calls, op);
    let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    try {
      const res = await fetch(`${this.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(30_000),
      });
      body = await res.json().catch(() => ({ errors: [{ message: res.statusText, extensions: { code: `HTTP_${res.status}` } }] }));
    } catch (err) {
      this.count(this.counters.errors, 'NETWORK');
      throw new ApiError('NETWORK', (err as Error).message);
    }
    const e = body.errors?.[0];
    if (e || !body.data) {
      const code = e?.extensions?.code ?? 'UNKNOWN';
      this.count(this.counters.errors, code);
      throw new ApiError(code, e?.message ?? 'no data');
    }
    return body.data;
  }

  /** A graphql-ws connection with this token; closed by `closeAll`. */
  socket(token: string): Client {
    const c = createClient({
      url: this.url.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 5,
      lazy: true,
    });
    this.sockets.push(c);
    return c;
  }

  /** Subscribes; every event goes to `onEvent`, an error is counted (the client retries the socket). */
  subscribe<T>(client: Client, op: string, query: string, variables: Record<string, unknown>, onEvent: (data: T) => void): () => void {
    return client.subscribe<T>({ query, variables }, {
      next: (v) => {
        if (v.data) onEvent(v.data as T);
        else this.count(this.counters.errors, String((v.errors?.[0]?.extensions as { code?: string } | undefined)?.code ?? 'SUBSCRIPTION_ERROR'));
      },
      error: (err) => this.count(this.counters.errors, `${op}:${(err as { code?: number })?.code ?? 'SOCKET'}`),
      complete: () => undefined,
    });
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.sockets.splice(0).map((c) => c.dispose()));
  }
}

/** The documents the simulator sends. The raise is the person app's own (persisted) document. */
export const DOCS = {
  consulates: 'query SimConsulates { consulates { id name location { lat lon } } }',
  advisors: 'query SimAdvisors($consulateId: ID) { advisors(consulateId: $consulateId) { id name active availability capacity activeAlerts consulate { id } location { lat lon } } }',
  raise: 'mutation PersonRaiseAlert($input: RaiseAlertInput!) { raiseAlert(input: $input) { consulate { id name } createdAt id status } }',
  report: 'mutation SimReport($location: LocationInput!) { reportAdvisorLocation(location: $location) { id } }',
  availability: 'mutation SimAvailability($availability: Availability!) { setAvailability(availability: $availability) { id availability } }',
  claim: 'mutation SimClaim($id: ID!) { claimAlert(id: $id) { id status } }',
  decline: 'mutation SimDecline($id: ID!) { declineOffer(id: $id) { id status } }',
  progress: 'mutation SimProgress($id: ID!, $status: FieldStatus!) { updateAlertStatus(id: $id, status: $status) { id status } }',
  resolve: 'mutation SimResolve($id: ID!, $disposition: Disposition!, $note: String) { resolveAlert(id: $id, disposition: $disposition, note: $note) { id status } }',
  nearby: 'subscription SimNearby($radiusKm: Float!) { nearbyAlerts(radiusKm: $radiusKm) { type alert { id status offer { advisor { id } } } } }',
  events: 'subscription SimControlRoom($consulateId: ID) { alertEvents(consulateId: $consulateId) { type alert { id status } } }',
} as const;
