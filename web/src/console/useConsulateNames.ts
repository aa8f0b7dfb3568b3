import { useCallback, useMemo } from 'react';
import { useQuery } from 'urql';
import { ConsulateMarkersQuery } from './documents';

/** Consulate id → name, from the query the map already made (urql's cache answers it); the id until loaded. */
export function useConsulateNames(): (id: string) => string {
  const [result] = useQuery({ query: ConsulateMarkersQuery });
  const names = useMemo(() => new Map((result.data?.consulates ?? []).map((c) => [c.id, c.name])), [result.data]);
  return useCallback((id: string) => names.get(id) ?? id, [names]);
}
