/**
 * A shutdown that drains (issue 22): from the signal on, /readyz answers 503 (a load balancer moves traffic
 * away), no new connection is accepted, every HTTP request already received runs to its answer (up to the
 * grace period) on a connection then closed behind it, and only what outlives the grace is cut.
 */
import { Server as NetServer } from 'node:net';
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

export function createHttpDrain(httpServer: Server): HttpDrain {
  let draining = false;
  let inFlight = 0;
  let answered = 0;
  let idle: (() => void) | null = null;
  const d: HttpDrain = {
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    track(_req, res, next) {
      inFlight++;
      if (draining) res.setHeader('connection', 'close');
      res.once('close', () => {
        inFlight--;
        if (!draining) return;
        answered++;
        if (inFlight === 0) idle?.();
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
      // One turn of the event loop first: a connection the kernel completed before the signal is accepted
      // in this poll phase, instead of being reset with the listening socket. Then stop listening without
      // http.Server.close()'s closing of idle connections: one accepted a moment ago may not have had its
      // request read yet, and closing it would reset a request the client already sent.
      await new Promise((r) => setImmediate(r));
      // (Its callback waits for every connection, WebSockets included: those close after this.)
      NetServer.prototype.close.call(httpServer);
      if (inFlight > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          idle = resolve;
          timer = setTimeout(resolve, graceMs);
        });
        clearTimeout(timer);
      }
      const cut = inFlight;
      // Kept-alive connections carrying no request, then (after the grace) whatever is still running.
      httpServer.closeIdleConnections();
      if (cut > 0) httpServer.closeAllConnections();
      return { inFlightAtStart, answered, cut, ms: Date.now() - t0 };
    },
  };
  return d;
}
