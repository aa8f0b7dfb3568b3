import { useMemo, useState } from 'react';
import type { ConnectionStatus } from '../../graphql/client';
import type { AlertEntry } from '../fold';
import { groupedAlertIds, incidentHulls, incidentQueue, ungroupedQueue } from './fold';
import { useIncidentStream } from './useIncidentStream';

/**
 * What the console does with incidents: the live stream, the queue without the alerts grouped under an
 * incident but those under duress (their markers stay on the map), the hulls for the map, and which
 * incident is open.
 */
export function useIncidentConsole(scope: string | null, connection: ConnectionStatus, entries: readonly AlertEntry[]) {
  const stream = useIncidentStream(scope, connection);
  const rows = useMemo(() => incidentQueue(stream.state), [stream.state]);
  const grouped = useMemo(() => groupedAlertIds(stream.state), [stream.state]);
  const queue = useMemo(() => ungroupedQueue(entries, grouped), [entries, grouped]);
  const hulls = useMemo(() => incidentHulls(stream.state), [stream.state]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = selectedId === null ? undefined : stream.state.get(selectedId);
  return { rows, queue, hulls, selectedId, setSelectedId, selected, apply: stream.apply };
}
