import { GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import { ErrorCode } from '../domain/errors.js';

/** Caps on graphql-ws sockets that carry no token (the public operations: consulates, consulateAt, ...). */
export interface AnonymousLimits {
  /** Open anonymous sockets per client address (an IPv6 address counts by its /64). */
  connectionsPerAddress: number;
  /** Operations (subscribe messages) one anonymous socket may send per second. */
  operationsPerSecond: number;
}

/**
 * Many people may share one address (a consulate's Wi-Fi, a carrier's NAT), and the apps hold one socket
 * each, so the cap is generous; one anonymous socket sending more than a handful of operations a second
 * is a script (the public `consulateAt` ran 500 PostGIS lookups in 0.45 s over one socket).
 */
export const DEFAULT_ANONYMOUS_LIMITS: AnonymousLimits = { connectionsPerAddress: 20, operationsPerSecond: 10 };

/** The close code for both caps: graphql-ws uses 4429 for "too many requests" (like a second init). */
export const TOO_MANY = 4429;

interface Counted {
  readonly socket: WebSocket;
  /** Already a `rateKey` (an IPv6 address by its /64). */
  readonly clientIp: string;
  anonymousKey?: string;
  window: { start: number; count: number };
  viewer: unknown;
}

/** Counts anonymous sockets per address and operations per anonymous socket, closing with 4429 past either. */
export class AnonymousSocketLimits {
  private readonly open = new Map<string, number>();

  constructor(private readonly limits: AnonymousLimits) {}

  /** At connection_init without a token: counts the socket, or closes it with 4429 (and returns false). */
  admit(c: Counted): boolean {
    const key = c.clientIp;
    const n = this.open.get(key) ?? 0;
    if (n >= this.limits.connectionsPerAddress) {
      // Closed here with our code and reason; graphql-ws's own 4403 for a refused init then finds it closing.
      c.socket.close(TOO_MANY, `too many anonymous connections from this address (at most ${this.limits.connectionsPerAddress})`);
      return false;
    }
    this.open.set(key, n + 1);
    c.anonymousKey = key;
    return true;
  }

  release(c: Counted): void {
    if (!c.anonymousKey) return;
    const left = (this.open.get(c.anonymousKey) ?? 1) - 1;
    if (left > 0) this.open.set(c.anonymousKey, left);
    else this.open.delete(c.anonymousKey);
    c.anonymousKey = undefined;
  }

  /** Before anything else in `subscribe`: over the rate, the socket is closed (4429) and the error returned. */
  overRate(c: Counted, now = Date.now()): GraphQLError | null {
    if (c.viewer) return null;
    if (now - c.window.start >= 1000) c.window = { start: now, count: 0 };
    if (++c.window.count <= this.limits.operationsPerSecond) return null;
    const why = `too many operations on this connection (at most ${this.limits.operationsPerSecond} a second without a token)`;
    c.socket.close(TOO_MANY, why);
    return new GraphQLError(why, { extensions: { code: ErrorCode.RATE_LIMITED } });
  }
}
