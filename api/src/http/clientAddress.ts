import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The client's address for rate limits, on HTTP and WebSocket alike. Behind `trustProxyHops` reverse
 * proxies (TRUST_PROXY), each of which appends the address it received from to X-Forwarded-For, the
 * client is the entry that many places from the right of [...X-Forwarded-For, socket peer]; anything to
 * its left was written by the client and is ignored. With 0 hops the header is ignored altogether, so
 * a client cannot pick its own address (and escape the registration limit) by sending one.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxyHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustProxyHops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  const picked = chain[Math.max(0, chain.length - 1 - trustProxyHops)]!;
  // A proxy writes an address; a value that is none (a client's own text reaching that position when
  // fewer proxies than declared stand in front) counts as the nearest trusted hop instead.
  return isIPv4(picked) || isIPv6(picked) ? picked : peer;
}

/**
 * The key an address is counted under: an IPv4 address as is (also when written IPv4-mapped,
 * ::ffff:1.2.3.4), an IPv6 address by its /64, the smallest block one subscriber is usually given, so
 * that rotating through one's own 2^64 addresses does not buy fresh limits.
 */
export function rateKey(address: string): string {
  const bare = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return mapped[1]!;
  if (!isIPv6(bare)) return bare;
  return expandIPv6(bare).slice(0, 4).join(':') + '::/64';
}

/** The eight 16-bit groups of an IPv6 address, as lowercase hex without leading zeros. */
function expandIPv6(address: string): string[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, null];
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const left = groups(head);
  let right = tail === null ? [] : groups(tail);
  // An embedded IPv4 tail (::1.2.3.4) is two groups.
  const last = right.at(-1) ?? left.at(-1);
  if (last && last.includes('.')) {
    const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
    const v4 = [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    if (right.length) right = [...right.slice(0, -1), ...v4];
    else left.splice(-1, 1, ...v4);
  }
  const zeros = tail === null ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16));
}
