import type { Db } from '../db/types.js';
import type { Viewer } from '../domain/viewer.js';
import type { EventHub } from '../realtime/hub.js';
import type { IncidentHub } from '../realtime/incidentStream.js';
import type { PositionFeed } from '../realtime/positions.js';
import type { AuditTrail } from '../services/audit.js';
import type { LocationWriter } from '../services/locationWriter.js';
import type { RateWindow } from '../http/rateWindow.js';
import type { ConsulateDirectory } from '../sql/consulates.js';
import type { Config } from '../config.js';
import type { RevealedReads } from '../realtime/revealedReads.js';

/** Everything a resolver may use; built once per HTTP request or per WebSocket operation. */
export interface Context {
  db: Db;
  hub: EventHub;
  /** Incident events (raid mode), the same machinery as `hub`. */
  incidentHub: IncidentHub;
  positions: PositionFeed;
  audit: AuditTrail;
  /** Advisor position reports, written in batches (group commit). */
  locations: LocationWriter;
  registrations: RateWindow;
  /** The caller's network address (rate limits only; never logged). */
  clientIp: string;
  config: Config;
  /** null: anonymous. */
  viewer: Viewer | null;
  consulates: ConsulateDirectory;
  /** Set only while a subscription's shared execution runs: reads are audited per receiver (readAudit.ts). */
  revealed?: RevealedReads;
}

export type { ConsulateDirectory };
