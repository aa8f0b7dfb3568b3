import { useEffect, useState } from 'react';

/**
 * The development sign-in's requests (the server offers /dev/sign-in only with DEV_SIGN_IN, never in
 * production). Plain fetch: these run before any API client exists.
 */
export interface DevConsulate {
  id: string;
  name: string;
}

export interface DevAdvisor {
  id: string;
  name: string;
  availability: string;
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(String(r.status));
  return (await r.json()) as T;
}

export async function devConsulates(): Promise<DevConsulate[]> {
  const r = await post<{ data?: { consulates: DevConsulate[] } }>('/graphql', { query: '{ consulates { id name } }' });
  return r.data?.consulates ?? [];
}

/** A development token: `{ role: 'OPERATOR', consulateId }`, `{ role: 'SUPERVISOR' }` or `{ role: 'ADVISOR', advisorId }`. */
export async function devToken(body: { role: string; consulateId?: string; advisorId?: string }): Promise<string> {
  const r = await post<{ token?: string }>('/dev/sign-in', body);
  if (!r.token) throw new Error('no token');
  return r.token;
}

/** A consulate's active advisors, read with that consulate's development operator token. */
export async function devAdvisors(consulateId: string): Promise<DevAdvisor[]> {
  const token = await devToken({ role: 'OPERATOR', consulateId });
  const r = await post<{ data?: { advisors: Array<DevAdvisor & { active: boolean }> } }>(
    '/graphql',
    { query: 'query($c: ID){ advisors(consulateId: $c){ id name availability active } }', variables: { c: consulateId } },
    token,
  );
  return (r.data?.advisors ?? []).filter((a) => a.active);
}

/**
 * The consulates to pick from, loaded once; `failed` is set when they cannot be read (the panel says so
 * and its own failures set it too).
 */
export function useDevConsulates(): { consulates: DevConsulate[]; failed: boolean; setFailed(f: boolean): void } {
  const [consulates, setConsulates] = useState<DevConsulate[]>([]);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    devConsulates()
      .then((c) => live && setConsulates(c))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);
  return { consulates, failed, setFailed };
}
