import type { IncidentEventType, IncidentSeverity, IncidentStatus } from '../generated/enums.js';

/** An incident as the API reads it (`INCIDENT_SELECT` in sql/incidents.ts); the codegen mapper of `Incident`. */
export interface IncidentRow {
  id: string;
  /** The owner. */
  consulate_id: string;
  /** Every consulate with alerts in it, the owner first. */
  consulate_ids: string[];
  status: IncidentStatus;
  severity: IncidentSeverity;
  started_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  merged_into: string | null;
  lead_advisor_id: string | null;
  /** GeoJSON Polygon text. */
  hull: string;
  center_lon: number;
  center_lat: number;
  alert_count: number;
  open_alert_count: number;
}

/** Who wrote an incident event: detection (SYSTEM) or a member of staff (OPERATOR, SUPERVISOR). */
export type IncidentActorKind = 'SYSTEM' | 'OPERATOR' | 'SUPERVISOR';

/** One incident event; the codegen mapper of `IncidentEvent` (`incident`: as it is when read). */
export interface IncidentEventRow {
  id: number;
  incident_id: string;
  consulate_id: string;
  audience: string[];
  type: IncidentEventType;
  actor_kind: IncidentActorKind;
  actor_id: string | null;
  note: string | null;
  at: Date;
  /** ALERT_JOINED / ALERT_LEFT: `{ alertId }`; OWNER_CHANGED: `{ from, to }`; others as their writer says. */
  data: Record<string, unknown>;
  incident: IncidentRow;
}
