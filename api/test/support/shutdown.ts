import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { MANIFEST_PATH } from '../../src/graphql/persisted.js';

/** The phone app's raise, as it sends it: the safelisted document named by its hash. */
const RAISE_HASH = Object.entries(JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Record<string, string>)
  .find(([, text]) => /^mutation PersonRaiseAlert\b/.test(text))![0];

export const LA_POINT = { lat: 34.0522, lon: -118.2437 };

export function raiseBody(idempotencyKey: string): string {
  return JSON.stringify({
    variables: { input: { location: LA_POINT, idempotencyKey } },
    extensions: { persistedQuery: { version: 1, sha256Hash: RAISE_HASH } },
  });
}

export interface RawAnswer {
  status: number;
  body: string;
}

/**
 * One POST on a connection of its own (no pooling: each request's fate is its own). Resolves when it was
 * written, and when the answer (or the socket error: a reset) came.
 */
export function rawPost(url: string, path: string, body: string, headers: Record<string, string>) {
  let onWritten!: () => void;
  const written = new Promise<void>((r) => (onWritten = r));
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('finish', onWritten);
    req.end(body);
  });
  return { written, answer };
}

export async function raiseByHash(url: string, personToken: string, idempotencyKey: string): Promise<RawAnswer> {
  return rawPost(url, '/graphql', raiseBody(idempotencyKey), { authorization: `Bearer ${personToken}` }).answer;
}
