/** Rows as the SQL modules return them; resolvers map them to the schema (see codegen `mappers`). */

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
  kind: 'PALE_LAWYER' | 'PROTECTION_OFFICER' | 'CONSULAR_STAFF';
  languages: string[];
  availability: 'AVAILABLE' | 'BUSY' | 'OFF_DUTY';
  active: boolean;
}

export interface MatchRow {
  consulate_id: string;
  method: 'CONTAINED' | 'NEAREST' | 'FALLBACK';
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
  status: string;
  kind: string;
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
}

export interface EventRow {
  seq: number;
  alert_id: string;
  consulate_id: string;
  from_consulate_id: string | null;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_role: string;
  at: Date;
  /** The alert as it is when the event is delivered (joined by the reader). */
  alert: AlertRow;
}
