import type { Client } from 'graphql-ws';
import { gql, wsClient } from './server.js';

/** One result, whichever transport carried it. */
export type OpResult = { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };

/** One query or mutation over an open graphql-ws client: its single result (an `error` message counts as errors). */
export function overSocket(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<OpResult> {
  return new Promise((resolve) => {
    let result: OpResult | undefined;
    client.subscribe({ query, variables }, {
      next: (r) => (result = r as OpResult),
      error: (e) => resolve({ errors: Array.isArray(e) ? e : [{ message: String(e) }] }),
      complete: () => resolve(result ?? { errors: [{ message: 'completed without a result' }] }),
    });
  });
}

/**
 * The same operation over HTTP and over a WebSocket (a fresh socket each time, closed after): the two
 * answers, so a test asserts the same rule on both transports.
 */
export async function onBothTransports(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<{ http: OpResult; ws: OpResult }> {
  const http = await gql(url, query, variables, token);
  const c = wsClient(url, token);
  try {
    return { http, ws: await overSocket(c, query, variables) };
  } finally {
    await c.dispose();
  }
}

export const codeOf = (r: OpResult) => r.errors?.[0]?.extensions?.code;
