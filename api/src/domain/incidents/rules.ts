import type { IncidentSeverity, IncidentStatus } from '../../generated/enums.js';

/**
 * Raid mode's pure rules (issue #20, docs/DESIGN.md "Incidents"): who owns an incident, how severe it is,
 * when it closes. The SQL (sql/incidentDetection.ts) finds the alerts; these decide what that means.
 */

/** The statuses in which an incident takes in new alerts and can close by itself. */
export const isLiveIncident = (s: IncidentStatus): boolean => s === 'DETECTED' || s === 'CONFIRMED';

/** Alerts of one consulate in an incident. */
export interface ConsulateShare {
  consulateId: string;
  alerts: number;
  /** Its earliest alert's creation. */
  firstAt: Date;
}

/**
 * The consulates with alerts in the incident, the owner first: most alerts first, ties to the one whose
 * alert came first (then by id, so the order never depends on how the rows came).
 */
export function consulatesByShare(shares: readonly ConsulateShare[]): string[] {
  return [...shares]
    .sort((a, b) => b.alerts - a.alerts || a.firstAt.getTime() - b.firstAt.getTime() || a.consulateId.localeCompare(b.consulateId))
    .map((s) => s.consulateId);
}

/** From this many different people an incident is at least MEDIUM. */
export const MEDIUM_FROM_PEOPLE = 10;

/**
 * Kinds weigh in through severity (our reading of "RAID_NEARBY and DETAINED weigh in even from different
 * people"): every kind counts towards detection, one per person; a DETAINED alert makes the incident HIGH,
 * a RAID_NEARBY one (or 10 people) MEDIUM.
 */
export function severityOf(x: { detained: boolean; raidNearby: boolean; people: number }): IncidentSeverity {
  if (x.detained) return 'HIGH';
  if (x.raidNearby || x.people >= MEDIUM_FROM_PEOPLE) return 'MEDIUM';
  return 'LOW';
}

/**
 * Closes when no alert in it is open any more (resolved or cancelled; a duress-cancelled alert is open).
 * Only a live incident closes: a DISMISSED one keeps the operator's verdict, a MERGED one its pointer.
 */
export const closesNow = (status: IncidentStatus, openAlerts: number, alerts: number): boolean =>
  isLiveIncident(status) && alerts > 0 && openAlerts === 0;

/** Whether a cluster of open alerts is an incident: alerts from at least `minAlerts` different people. */
export const isIncident = (people: number, minAlerts: number): boolean => people >= minAlerts;
