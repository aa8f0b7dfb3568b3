/**
 * A shutdown that drains (issue 22): from the signal on, /readyz answers 503 (a load balancer moves traffic
 * away), new connections stop being accepted once the accept queue is empty, every HTTP request already
 * received runs to its answer (up to the grace period) on a connection then closed behind it, and only what
 * outlives the grace is cut.
 */
import { Server as NetServer, type Socket } from 'node:net';
import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

export interface HttpDrainReport {
  /** Requests in flight when draining began. */
  inFlightAtStart: number;
  /** Requests answered from the start of draining on (including ones that arrived on open connections). */
  answered: number;
  /** Requests still running at the end of the grace period: their connections were closed. */
  cut: number;
  ms: number;
}

export interface HttpDrain {
  readonly draining: boolean;
  /** HTTP requests received and not yet answered. */
  readonly inFlight: number;
  /** First middleware: counts requests in flight; while draining, answers close their connection. */
  track(req: Request, res: Response, next: NextFunction): void;
  /** Before /readyz: 503 at once while draining. */
  readyGuard(req: Request, res: Response, next: NextFunction): void;
  /** Stops accepting, waits for the requests in flight (at most `graceMs`), closes what is left. */
  drain(graceMs: number): Promise<HttpDrainReport>;
}

/**
 * A connection accepted this recently that has not yet delivered a request is not idle: its request is on its
 * way (accepted in one turn of the event loop, read in a later one). Older ones are (a browser's preconnect).
 */
const FRESH_CONNECTION_MS = 1_000;
/**
 * After the signal, the listening socket stays open until nothing runs and this long passed without a new
 * connection (at most ACCEPT_MAX_MS): connections the kernel completed before the signal wait in its accept
 * queue, and a busy event loop takes them in slowly, so closing at once, or after a quiet moment while busy,
 * reset requests already sent (34, then 13 of 40 raises in loaded runs). Once idle, the loop empties the queue
 * at once. What arrives meanwhile is served like the rest, with /readyz already 503.
 */
const ACCEPT_QUIET_MS = 100;
const ACCEPT_MAX_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createHttpDrain(httpServer: Server): HttpDrain {
  let draining = false;
  let inFlight = 0;
  let answered = 0;
  /** Accepted connections that have not delivered a request yet, with when they were accepted. */
  const fresh = new Map<Socket, number>();
  let lastConnectionAt = 0;
  httpServer.on('connection', (socket: Socket) => {
    lastConnectionAt = Date.now();
    fresh.set(socket, lastConnectionAt);
    socket.once('close', () => fresh.delete(socket));
  });
  httpServer.on('upgrade', (req: { socket: Socket }) => fresh.delete(req.socket));
  const awaitingRequest = () => {
    const since = Date.now() - FRESH_CONNECTION_MS;
    for (const at of fresh.values()) if (at > since) return true;
    return false;
  };
  const d: HttpDrain = {
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    track(req, res, next) {
      fresh.delete(req.socket);
      inFlight++;
      if (draining) res.setHeader('connection', 'close');
      res.once('close', () => {
        inFlight--;
        if (draining) answered++;
      });
      next();
    },
    readyGuard(_req, res, next) {
      if (!draining) return next();
      res.setHeader('connection', 'close');
      res.status(503).json({ status: 'not ready', reason: 'shutting down' });
    },
    async drain(graceMs) {
      const t0 = Date.now();
      draining = true;
      const inFlightAtStart = inFlight;
      // Take in what waits in the accept queue, then stop listening, without http.Server.close()'s closing of
      // idle connections: one accepted a moment ago may not have had its request read yet, and closing it
      // would reset a request the client already sent. (Its callback would wait for every connection,
      // WebSockets included: those close after this.)
      // Polled: a shutdown happens once, and the conditions span requests, sockets and time.
      const busy = () => inFlight > 0 || awaitingRequest();
      const acceptUntil = t0 + Math.min(graceMs, ACCEPT_MAX_MS);
      lastConnectionAt = Math.max(lastConnectionAt, t0);
      while ((busy() || Date.now() - lastConnectionAt < ACCEPT_QUIET_MS) && Date.now() < acceptUntil) await sleep(5);
      NetServer.prototype.close.call(httpServer);
      // Then until nothing runs and no connection just accepted still owes its request, or the grace is over.
      const deadline = t0 + graceMs;
      while (busy() && Date.now() < deadline) await sleep(5);
      const cut = inFlight;
      // Kept-alive connections carrying no request, then (after the grace) whatever is still running.
      httpServer.closeIdleConnections();
      if (cut > 0) httpServer.closeAllConnections();
      return { inFlightAtStart, answered, cut, ms: Date.now() - t0 };
    },
  };
  return d;
}
