import { PersonRaiseAlertDocument } from '../../gql/graphql';
import type { QueuedRaise, SendResult } from './queue';

/** The safelisted PersonRaiseAlert, by its hash (codegen's persisted-documents.json): 70 bytes instead of the text. */
export const RAISE_HASH = ((PersonRaiseAlertDocument as { __meta__?: { hash?: string } }).__meta__?.hash ?? '').replace(/^sha256:/, '');

/** The HTTP body of one raise; the same for every try of one entry (docs/MOBILE.md, Retry rules). */
export function raiseRequestBody(e: QueuedRaise): string {
  const input = { location: e.location, idempotencyKey: e.idempotencyKey, ...(e.kind ? { kind: e.kind } : {}), ...(e.note ? { note: e.note } : {}) };
  return JSON.stringify({
    operationName: 'PersonRaiseAlert',
    variables: { input },
    extensions: { persistedQuery: { version: 1, sha256Hash: RAISE_HASH } },
  });
}

interface GraphQLBody {
  data?: { raiseAlert?: { id?: unknown } | null } | null;
  errors?: Array<{ extensions?: { code?: unknown } }>;
}

/** Reads an answer: the alert's id, the server's `extensions.code`, or a code for what the transport did. */
export function readRaiseAnswer(status: number, body: unknown): SendResult {
  const b = (typeof body === 'object' && body !== null ? body : {}) as GraphQLBody;
  const id = b.data?.raiseAlert?.id;
  if (typeof id === 'string' && id) return { ok: true, alertId: id };
  const code = b.errors?.[0]?.extensions?.code;
  if (typeof code === 'string' && code) return { ok: false, code };
  if (status === 401) return { ok: false, code: 'UNAUTHENTICATED' };
  // A proxy's or captive portal's page, a 502 from a load balancer: no answer from us, so try again.
  return { ok: false, code: status >= 500 ? 'SERVICE_UNAVAILABLE' : 'UNKNOWN' };
}

/**
 * One try, with plain fetch so that the page and the service worker send the very same request.
 * Gives up after `timeoutMs` (a weak signal can leave a request hanging for minutes).
 */
export async function sendRaise(e: QueuedRaise, f: typeof fetch = fetch, timeoutMs = 15_000): Promise<SendResult> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const res = await f('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${e.token}` },
      body: raiseRequestBody(e),
      signal: ctrl.signal,
      cache: 'no-store',
    });
    const body: unknown = await res.json().catch(() => null);
    return readRaiseAnswer(res.status, body);
  } catch {
    return { ok: false, code: 'NETWORK' };
  } finally {
    clearTimeout(timer);
  }
}
