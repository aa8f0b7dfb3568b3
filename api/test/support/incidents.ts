import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { dispatchKit, type Fixture, type Pt } from './dispatch.js';
import { collect, eventually, operatorToken, personToken, wsClient } from './server.js';
import type { IncidentConfig } from '../../src/incidentsConfig.js';

export const INCIDENT_FIELDS = `id status severity alertCount openAlertCount hull center { lat lon } startedAt
  consulate { id } consulates { id } alerts { id consulate { id } }`;
export const IQ = {
  incident: `query($id: ID!) { incident(id: $id) { ${INCIDENT_FIELDS} } }`,
  incidents: `query($c: ID, $all: Boolean) { incidents(consulateId: $c, includeClosed: $all) { ${INCIDENT_FIELDS} } }`,
  alertIncident: 'query($id: ID!) { alert(id: $id) { id incident { id alertCount } } }',
  events: `subscription($c: ID!, $after: String) { incidentEvents(consulateId: $c, after: $after) { cursor type at note alert { id } incident { id status alertCount consulate { id } } } }`,
};

export interface IncidentEventView {
  cursor: string;
  type: string;
  at: string;
  note: string | null;
  alert: { id: string } | null;
  incident: { id: string; status: string; alertCount: number; consulate: { id: string } };
}

/** Raid-mode helpers over the dispatch kit: raise with a kind, wait for detection, read incidents. */
export function incidentKit(f: Fixture) {
  const k = dispatchKit(f);
  return {
    ...k,
    /** Raises an alert at `at` as a fresh person (or `personTok`), with a kind; returns its id and the person's token. */
    async raiseKind(at: Pt, kind = 'IMMINENT_DETENTION', personTok?: string): Promise<{ id: string; personToken: string }> {
      const p = personTok ?? (await personToken(randomUUID()));
      const r = await k.ok('mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) { id } }', { input: { location: at, idempotencyKey: randomUUID(), kind } }, p);
      return { id: r.raiseAlert.id, personToken: p };
    },
    /** Waits until detection has looked at every alert change committed so far (its cursor is at the last event). */
    async caughtUp(): Promise<void> {
      await eventually(async () => {
        const [r] = await k.sql<{ ok: boolean }>('select last_seq >= (select coalesce(max(seq), 0) from alert_events) as ok from incident_detection_cursor');
        expect(r!.ok).toBe(true);
      });
    },
    /** The incident an alert is in (id and status), from the database; null when none. */
    async incidentOf(alertId: string): Promise<{ id: string; status: string } | null> {
      const [r] = await k.sql('select i.id, i.status from incident_alerts ia join incidents i on i.id = ia.incident_id where ia.alert_id = $1::uuid', [alertId]);
      return r ?? null;
    },
    /** A live subscription to a consulate's incident events as its operator. */
    async subscribe(consulateId: string, after?: string) {
      const c = wsClient(f.server.url, await operatorToken(consulateId));
      const before = f.server.incidentHub.listenerCount;
      const s = collect<{ incidentEvents: IncidentEventView }>(c, IQ.events, { c: consulateId, ...(after ? { after } : {}) });
      await eventually(() => expect(f.server.incidentHub.listenerCount).toBeGreaterThan(before));
      return { ...s, client: c, views: () => s.events.map((e) => e.incidentEvents) };
    },
  };
}

/** Each test works in its own neighbourhood of Los Angeles, farther apart than any radius, so tests never meet. */
export const spot = (base: Pt, n: number): Pt => ({ lat: base.lat + 0.09 * Math.floor(n / 4), lon: base.lon + 0.11 * (n % 4) });

/** Raid detection that never forms an incident: for suites about single alerts raised close together. */
export const NO_INCIDENTS: IncidentConfig = { radiusM: 1500, windowMin: 45, minAlerts: 1_000_000 };
