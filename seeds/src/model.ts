/** One consular office as the seed files describe it. */
export interface OfficeSeed {
  id: string;
  name: string;
  city: string;
  state: string;
  address: string | null;
  phone: string | null;
  lat: number;
  lon: number;
  confidence: string;
  /** True for CIAM only: receives what no district covers. */
  isFallback: boolean;
}

/** One row of county-membership.csv, with its line number for error messages. */
export interface MembershipRow {
  line: number;
  fips: string;
  state: string;
  county: string;
  officeId: string;
  provenance: string;
  evidenceStrength: string;
  /** 'state' or 'county': what the source named. */
  level: string;
  /** The sourcing pass that set the row: '1', '2', '3' or '2-refit'. */
  setInPass: string;
  source: string;
}

/** State FIPS prefixes of the territories: counted separately from the 50 states + DC. */
export const TERRITORY_STATE_FIPS = new Set(['60', '66', '69', '72', '78']);
export const isStateOrDc = (fips: string) => !TERRITORY_STATE_FIPS.has(fips.slice(0, 2));
