import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import type { NetworkConfig } from '../networkConfig.js';
import { bearer } from '../auth/jwt.js';
import { log } from '../log.js';

/**
 * Where /metrics answers. It shows the national alert counts live, so it is never public in production:
 * - `METRICS_TOKEN` set: wherever it is served, only with `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise);
 * - `METRICS_PORT` set: served on that port (on `METRICS_HOST`, default 127.0.0.1) and not on the main one
 *   unless `METRICS_TOKEN` is set too;
 * - neither: served openly on the main port in development, and not at all with NODE_ENV=production.
 */
export function metricsOnMainPort(network: NetworkConfig, production: boolean): 'open' | 'token' | 'off' {
  if (network.metricsToken) return 'token';
  return network.metricsPort === null && !production ? 'open' : 'off';
}

/** Mounts GET /metrics on the main app as `metricsOnMainPort` decides (404 when off, as for any unknown path). */
export function mountMetrics(app: Express, handler: RequestHandler, network: NetworkConfig, production: boolean): void {
  const mode = metricsOnMainPort(network, production);
  if (mode === 'off') {
    if (network.metricsPort === null) log.info('metrics.not_served', { reason: 'NODE_ENV=production without METRICS_PORT or METRICS_TOKEN' });
    return;
  }
  app.get('/metrics', ...(mode === 'token' ? [requireToken(network.metricsToken!)] : []), handler);
}

/** The separate metrics listener, when METRICS_PORT is set; null otherwise. */
export async function startMetricsServer(handler: RequestHandler, network: NetworkConfig): Promise<{ server: Server; port: number } | null> {
  if (network.metricsPort === null) return null;
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', ...(network.metricsToken ? [requireToken(network.metricsToken)] : []), handler);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(network.metricsPort!, network.metricsHost, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function requireToken(expected: string): RequestHandler {
  const want = digest(expected);
  return (req: Request, res: Response, next) => {
    const got = bearer(req.headers.authorization);
    // Compared as digests of equal length, in constant time: the comparison tells nothing of the token.
    if (got !== null && timingSafeEqual(digest(got), want)) return next();
    res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'metrics require the METRICS_TOKEN bearer token' });
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();
