import type { AlertStatus } from '../gql/graphql';

/**
 * The clock the control room is racing for an open alert, and its target. Someone must take the alert
 * (acknowledge) within 2 minutes of the button press; someone must be with the person within 30.
 * These are the console's targets for colouring the queue; the dispatch engine's escalation runs on
 * its own timers (offer TTL), and the strip shows the medians actually achieved (dispatchStats).
 */
export const SLA_TARGETS_S = { toAcknowledge: 120, toOnScene: 1800 } as const;

export interface SlaClock {
  clock: keyof typeof SLA_TARGETS_S;
  elapsedS: number;
  targetS: number;
  overdue: boolean;
}

const WAITING_FOR_SOMEONE: ReadonlySet<AlertStatus> = new Set<AlertStatus>(['RAISED', 'OFFERED', 'ESCALATED']);
const ON_THE_WAY: ReadonlySet<AlertStatus> = new Set<AlertStatus>(['ACKNOWLEDGED', 'EN_ROUTE']);

/** The running clock of an alert at `now` (ms), or null when none runs (on scene, or closed). */
export function slaClock(alert: { status: AlertStatus; createdAt: string }, now: number): SlaClock | null {
  const clock = WAITING_FOR_SOMEONE.has(alert.status) ? 'toAcknowledge' : ON_THE_WAY.has(alert.status) ? 'toOnScene' : null;
  if (clock === null) return null;
  const elapsedS = Math.max(0, Math.floor((now - Date.parse(alert.createdAt)) / 1000));
  const targetS = SLA_TARGETS_S[clock];
  return { clock, elapsedS, targetS, overdue: elapsedS > targetS };
}
