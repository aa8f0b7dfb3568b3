import type { EventRow } from '../sql/rows.js';
import { SILENT_DURESS_EVENT } from './duress.js';

/*
 * An alert's steps as the person's phone may see them, for every path that shows them: the timeline
 * (graphql/) and the person's live stream (realtime/audienceStreams.ts).
 */

/**
 * One event as the phone may see it: never a duress PIN given silently (the phone was answered as if
 * nothing happened, see domain/duress.ts); a duress cancel reads as an ordinary CANCELLED. Null: not shown.
 */
export function personEvent(e: EventRow): EventRow | null {
  if (e.type === SILENT_DURESS_EVENT) return null;
  if (e.type === 'DURESS') return { ...e, type: 'CANCELLED', to_status: 'CANCELLED', note: null };
  return e;
}

/** The step after which the phone is shown nothing more of the alert. */
export const closesForPhone = (e: EventRow) => e.to_status === 'CANCELLED' || e.to_status === 'RESOLVED';

/** The timeline the phone shows: its events (`personEvent`) up to the one that closes it for the phone. */
export function personTimeline(all: EventRow[]): EventRow[] {
  const out: EventRow[] = [];
  for (const e of all) {
    const shown = personEvent(e);
    if (!shown) continue;
    out.push(shown);
    if (closesForPhone(shown)) break;
  }
  return out;
}
