import type { IncomingMessage } from 'node:http';

/**
 * Browsers always send Origin on a WebSocket handshake; native apps and servers usually do not.
 * A browser page may connect only from our own host or an origin listed in ALLOWED_ORIGINS, so a
 * hostile page cannot ride a logged-in operator's browser.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
