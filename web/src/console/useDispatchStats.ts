import { useEffect } from 'react';
import { useQuery } from 'urql';
import { DispatchStatsQuery } from './documents';

export interface ClockMedian {
  clock: string;
  count: number;
  medianS: number | null;
}

const REFRESH_MS = 60_000;

/**
 * The dispatch engine's SLA medians for the strip (last 24 h): read every minute, and again when the
 * number of open alerts changes (an alert closed or arrived, so a clock may have moved).
 */
export function useDispatchStats(consulateId: string | null, openCount: number): ClockMedian[] | null {
  const [result, reexecute] = useQuery({ query: DispatchStatsQuery, variables: { consulateId }, requestPolicy: 'network-only' });
  useEffect(() => {
    const id = setInterval(() => reexecute({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => clearInterval(id);
  }, [reexecute]);
  useEffect(() => {
    const id = setTimeout(() => reexecute({ requestPolicy: 'network-only' }), 2_000);
    return () => clearTimeout(id);
  }, [openCount, reexecute]);
  return result.data?.dispatchStats.clocks.map((c) => ({ clock: c.clock, count: c.count, medianS: c.medianS ?? null })) ?? null;
}
