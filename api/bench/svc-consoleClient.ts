/**
 * The console's live load on the server without its renderer: the three subscriptions the control-room page
 * holds while it is open (its alert stream, its incident stream with every incident's fields, its advisors'
 * positions), sent as the page's own generated documents, over one graphql-ws socket like the page's.
 *
 * Why: an operator's console renders on the operator's computer. On this 2-core machine a Chromium drawing
 * the map in software takes a large share of the cores the service is measured on, so the raid point measures
 * the service's percentiles with this client in the page's place and the frames with Chromium separately.
 */
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { print, type DocumentNode } from 'graphql';
import {
  ConsoleAdvisorPositionsDocument, ConsoleAlertEventsDocument, ConsoleIncidentEventsDocument,
} from '../../web/src/gql/graphql.js';

export interface HeadlessConsole {
  /** Results received on each subscription. */
  received(): { alerts: number; incidents: number; positions: number };
  errors: string[];
  close(): Promise<void>;
}

export function openHeadlessConsole(serverUrl: string, token: string, consulateId: string): HeadlessConsole {
  const client = createClient({
    url: serverUrl.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 3,
  });
  const counts = { alerts: 0, incidents: 0, positions: 0 };
  const errors: string[] = [];
  const subscribe = (doc: DocumentNode, variables: Record<string, unknown>, counter: keyof typeof counts) =>
    client.subscribe(
      { query: print(doc), variables },
      {
        next: (v) => {
          counts[counter]++;
          if (v.errors) errors.push(`${counter}: ${v.errors[0]!.message}`);
        },
        error: (e) => errors.push(`${counter}: ${e instanceof Error ? e.message : JSON.stringify(e).slice(0, 200)}`),
        complete: () => undefined,
      },
    );
  subscribe(ConsoleAlertEventsDocument as unknown as DocumentNode, { after: null }, 'alerts');
  subscribe(ConsoleIncidentEventsDocument as unknown as DocumentNode, { consulateId, after: null }, 'incidents');
  subscribe(ConsoleAdvisorPositionsDocument as unknown as DocumentNode, { consulateId }, 'positions');
  return { received: () => ({ ...counts }), errors, close: () => client.dispose() as Promise<void> };
}
