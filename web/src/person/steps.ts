import type { AlertStatus } from '../gql/graphql';

/** One step the person's screen shows: the server's own words (`summary`), in the person's language. */
export interface Step {
  cursor: string;
  type: string;
  at: string;
  summary: string;
}

export interface StepEvent {
  cursor: string;
  type: string;
  at: string;
  summary?: string | null;
  alert?: { status: AlertStatus } | null;
}

export interface StepsState {
  steps: readonly Step[];
  /** The alert's status as the person sees it (a duress cancel reads CANCELLED); null until known. */
  status: AlertStatus | null;
  /** The last event applied: where to resume. */
  cursor: string | null;
}

export const emptySteps: StepsState = { steps: [], status: null, cursor: null };

const TERMINAL: ReadonlySet<string> = new Set(['RESOLVED', 'CANCELLED']);
export const isClosedStatus = (s: AlertStatus | null): boolean => s !== null && TERMINAL.has(s);

/**
 * Applies one event of `alertUpdates` (or one entry of the timeline read at start). Steps without a
 * summary (internal ones) move the cursor but show nothing; a step already shown (same cursor, as after
 * a replay overlapping the timeline) is not shown twice. A closed status is final.
 */
export function foldStep(state: StepsState, e: StepEvent): StepsState {
  if (state.steps.some((s) => s.cursor === e.cursor)) return state;
  const steps = e.summary ? [...state.steps, { cursor: e.cursor, type: e.type, at: e.at, summary: e.summary }] : state.steps;
  const eventStatus = e.alert?.status ?? (TERMINAL.has(e.type) ? (e.type as AlertStatus) : null);
  const status = isClosedStatus(state.status) ? state.status : (eventStatus ?? state.status);
  return { steps, status, cursor: e.cursor };
}

/** The timeline read with `alert(id) { status events { ... } }`, then the stream continues after it. */
export function loadSteps(status: AlertStatus, events: readonly StepEvent[]): StepsState {
  const s = events.reduce(foldStep, emptySteps);
  return { ...s, status };
}
