/** Raid mode's detection rules (issue #20; docs/CONFIGURATION.md, docs/DESIGN.md "Incidents"). */
export interface IncidentConfig {
  /** INCIDENT_RADIUS_M: open alerts this close to each other (transitively) are one place. */
  radiusM: number;
  /** INCIDENT_WINDOW_MIN: ... and raised at most this many minutes apart. */
  windowMin: number;
  /** INCIDENT_MIN_ALERTS: an incident needs alerts from this many different people. */
  minAlerts: number;
}

type IntEnv = (name: string, fallback: number, min: number, max: number) => number;

export function loadIncidentConfig(intEnv: IntEnv): IncidentConfig {
  return {
    radiusM: intEnv('INCIDENT_RADIUS_M', 1500, 50, 50_000),
    windowMin: intEnv('INCIDENT_WINDOW_MIN', 45, 1, 1440),
    minAlerts: intEnv('INCIDENT_MIN_ALERTS', 3, 2, 1000),
  };
}
