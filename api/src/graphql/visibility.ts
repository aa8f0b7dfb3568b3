import type { Viewer } from '../domain/viewer.js';
import type { AlertRow } from '../sql/rows.js';
import { SILENT_DURESS_FLAGS } from '../domain/duress.js';

/**
 * Object-level rules for alerts, in one place, used by every path that returns one
 * (root fields, nested fields and subscriptions).
 */
export function canSeeAlert(v: Viewer | null, a: AlertRow): boolean {
  if (!v) return false;
  switch (v.role) {
    case 'SUPERVISOR':
      return true;
    case 'OPERATOR':
      return a.consulate_id === v.consulateId;
    case 'PERSON':
      return a.person_id === v.sub;
    case 'ADVISOR':
      return inHandsOf(v, a.offer_advisor) || inHandsOf(v, a.assigned_advisor);
  }
}

/**
 * An alert is in an advisor's hands when it is offered or assigned to them and they are still active: the
 * copies of the advisor joined into the alert (alert_view) carry `active`, so a deactivated advisor loses
 * sight of alerts already assigned to them on every path that reads an alert, without another query.
 */
function inHandsOf(v: Viewer, advisor: AlertRow['assigned_advisor']): boolean {
  return !!advisor && advisor.active && advisor.id === v.advisorId?.toLowerCase();
}

const CLOSED = new Set(['RESOLVED', 'CANCELLED']);

/**
 * Who gets the precise point: the person themself, the consulate handling the alert (and supervisors)
 * while it is open, and the advisor assigned to it. Everyone else gets the ~1 km grid cell.
 */
export function seesPreciseLocation(v: Viewer | null, a: AlertRow): boolean {
  if (!v) return false;
  if (v.role === 'PERSON') return a.person_id === v.sub;
  if (CLOSED.has(a.status)) return false;
  if (v.role === 'SUPERVISOR') return true;
  if (v.role === 'OPERATOR') return a.consulate_id === v.consulateId;
  return v.role === 'ADVISOR' && inHandsOf(v, a.assigned_advisor);
}

/** A person looking at an alert they cancelled with the duress PIN: show them an ordinary cancel. */
export function hiddenDuress(v: Viewer | null, a: AlertRow): boolean {
  return v?.role === 'PERSON' && a.duress;
}

/** Flags as the viewer may see them: the phone never learns of a duress PIN given during a lockout. */
export function visibleFlags(v: Viewer | null, flags: readonly string[] | null): string[] {
  const all = [...(flags ?? [])];
  return v?.role === 'PERSON' ? all.filter((f) => !SILENT_DURESS_FLAGS.includes(f)) : all;
}
