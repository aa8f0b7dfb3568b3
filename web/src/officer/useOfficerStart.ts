import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { errorCode } from '../graphql/errors';
import type { OfficerAdvisorFieldsFragment } from '../gql/graphql';
import { OfficerStartQuery } from './documents';
import type { Nearby } from './useNearby';

/** After a failed read (no network yet on a phone just woken), try again this much later. */
const RETRY_MS = 5_000;

export interface OfficerStart {
  /** The first read answered: until then an empty list means "not known yet", not "nothing". */
  loaded: boolean;
  error: string | null;
}

/**
 * Reads `myAdvisor` and `myAlerts` when the page opens, so a new or cleared device shows the alerts in
 * this officer's care at once, and again whenever that set changes (`mineKey`: a claim, a close, a
 * reassignment), so "Alertas a su cargo" is the server's count at once, not at the next position report.
 */
export function useOfficerStart(nearby: Pick<Nearby, 'dispatch'>, mineKey: string, onAdvisor: (a: OfficerAdvisorFieldsFragment) => void): OfficerStart {
  const client = useClient();
  const { dispatch } = nearby;
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void client
      .query(OfficerStartQuery, {}, { requestPolicy: 'network-only' })
      .toPromise()
      .then((r) => {
        if (!live) return;
        if (!r.data) {
          setError(r.error ? errorCode(r.error) : 'UNKNOWN');
          timer = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
          return;
        }
        setError(null);
        if (r.data.myAdvisor) onAdvisor(r.data.myAdvisor);
        for (const alert of r.data.myAlerts) dispatch({ type: 'restore', alert });
        setLoaded(true);
      });
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, dispatch, mineKey, attempt, onAdvisor]);

  return { loaded, error };
}
