import { useEffect, useRef } from 'react';
import type { AlertEntry } from './fold';

/** Changes whenever the stream moves the alert: the timeline and the roster are then read again. */
export const alertVersion = ({ alert, lastEvent }: AlertEntry): string =>
  [alert.status, lastEvent?.at ?? '', alert.assignedAdvisor?.id ?? '', alert.offer?.expiresAt ?? '', alert.duress].join('|');

/** Runs `refetch` when `version` changes (not on mount: the query has just run). */
export function useRefetchOn(version: string, refetch: () => void): void {
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    refetch();
  }, [version, refetch]);
}
