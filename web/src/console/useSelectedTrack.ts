import { useQuery } from 'urql';
import { AlertTrackQuery } from './documents';
import type { AlertEntry } from './fold';
import { alertVersion, useRefetchOn } from './refetch';
import type { TrackPoint } from './selection';

const NONE: readonly TrackPoint[] = [];

/** The selected alert's reported positions, read again whenever the stream moves the alert. */
export function useSelectedTrack(entry: AlertEntry | undefined): readonly TrackPoint[] {
  const id = entry?.alert.id ?? '';
  const [result, reexecute] = useQuery({ query: AlertTrackQuery, variables: { id }, pause: !entry, requestPolicy: 'network-only' });
  // A moved alert changes its location (and a LOCATION_UPDATED event its lastEvent): read the track again.
  const version = entry ? `${alertVersion(entry)}|${entry.alert.location.lat},${entry.alert.location.lon}` : '';
  useRefetchOn(version, () => entry && reexecute({ requestPolicy: 'network-only' }));
  return result.data?.alert?.id === id ? result.data.alert.track : NONE;
}
