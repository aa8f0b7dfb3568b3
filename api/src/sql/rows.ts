import type { AdvisorKind, AlertEventType, AlertKind, AlertStatus, Availability, Disposition, MatchMethod } from '../generated/enums.js';
import type { Actor } from '../domain/lifecycle.js';

/**
 * Rows as the SQL modules return them; resolvers map them to the schema (see codegen `mappers`). Columns
 * holding one of the schema's enums are typed with it: the database stores the strings the schema names.
 */

export interface ConsulateRow {
  id: string;
  name: string;
  city: string;
  state: string;
  address: string | null;
  phone: string | null;
  lon: number;
  lat: number;
  is_fallback: boolean;
}

export interface AdvisorRow {
  id: string;
  consulate_id: string;
  name: string;
  kind: AdvisorKind;
  languages: string[];
  availability: Availability;
  active: boolean;
  /** Present when read from the advisors table (not in the compact copies joined into alerts). */
  capacity?: number;
  active_alerts?: number;
  lon?: number | null;
  lat?: number | null;
  location_at?: Date | null;
  /** The stored position implies an impossible speed (api/src/sql/plausibility.ts): not used for matching. */
  location_suspect?: boolean;
}

export interface MatchRow {
  consulate_id: string;
  method: MatchMethod;
  distance_m: number;
}

export interface OfferRow {
  advisor: AdvisorRow;
  distance_m: number;
  expires_at: Date;
}

export interface AlertRow {
  id: string;
  person_id: string;
  status: AlertStatus;
  kind: AlertKind;
  note: string | null;
  lon: number;
  lat: number;
  accuracy_m: number | null;
  consulate_id: string;
  match_method: MatchRow['method'];
  match_distance_m: number;
  created_at: Date;
  updated_at: Date;
  offer_distance_m: number | null;
  offer_expires_at: Date | null;
  offer_advisor: AdvisorRow | null;
  assigned_advisor: AdvisorRow | null;
  duress: boolean;
  disposition: Disposition | null;
  resolution_note: string | null;
  offer_count: number;
  person_language: string | null;
  offered_at: Date | null;
  acknowledged_at: Date | null;
  en_route_at: Date | null;
  on_scene_at: Date | null;
  escalated_at: Date | null;
  closed_at: Date | null;
  flags: string[];
  purged_at: Date | null;
  duress_at: Date | null;
  duress_offer_count: number | null;
  /**
   * What the phone saw at the duress PIN (sql/personView.ts), in every alert_view row; absent from a row
   * read some other way. The person's view only: never an answer to anyone else.
   */
  person_view?: Record<string, unknown> | string | null;
}

export interface EventRow {
  seq: number;
  alert_id: string;
  consulate_id: string;
  from_consulate_id: string | null;
  type: AlertEventType;
  from_status: AlertStatus | null;
  to_status: AlertStatus | null;
  actor_role: Actor;
  actor_id?: string | null;
  note?: string | null;
  at: Date;
  /** The alert as it is when the event is delivered (joined by the reader). */
  alert: AlertRow;
}
