import { readFileSync } from 'node:fs';
import type { Client } from 'graphql-ws';
import { MANIFEST_PATH } from '../../src/graphql/persisted.js';
import { gql, wsClient } from './server.js';

/** The published clients' documents (the safelist) by operation name, exactly as the phone sends them. */
export function safelistedDocuments(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Record<string, string>;
  const out: Record<string, string> = {};
  for (const doc of Object.values(manifest)) {
    const name = /(?:query|mutation|subscription)\s+(\w+)/.exec(doc)?.[1];
    if (name) out[name] = doc;
  }
  return out;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;
const DURATION_KEYS = new Set(['toOfferS', 'toAcknowledgeS', 'toOnSceneS', 'toResolveS']);

/**
 * An answer with what must differ between two people removed: ids, tokens, cursors, short codes and
 * times (durations only say whether they are set). Anything else left different is what the phone sees.
 */
export function normalise(value: unknown): string {
  return JSON.stringify(value, (key, v) => {
    if (key === 'cursor' || key === 'shortCode' || key === 'token') return `<${key}>`;
    if (DURATION_KEYS.has(key)) return v === null ? null : '<duration>';
    if (typeof v === 'string') return v.replace(UUID, '<id>').replace(TIME, '<time>');
    return v;
  });
}

/** One operation over a graphql-ws socket: every result, and how it ended (complete, error, or still open at the deadline). */
export async function overWs(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  timeoutMs = 20_000,
  onFirst?: () => void,
): Promise<unknown[]> {
  const client: Client = wsClient(url, token);
  try {
    return await new Promise<unknown[]>((resolve) => {
      const seen: unknown[] = [];
      const timer = setTimeout(() => resolve([...seen, 'still open']), timeoutMs);
      client.subscribe(
        { query, variables },
        {
          next: (r) => {
            if (seen.push(r) === 1) onFirst?.();
          },
          error: (e) => (clearTimeout(timer), resolve([...seen, { error: e instanceof Error ? e.message : e }])),
          complete: () => (clearTimeout(timer), resolve([...seen, 'complete'])),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

/** One operation over HTTP: status and body. */
export async function overHttp(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const { status, ...body } = await gql(url, query, variables, token);
  return { status, body };
}
