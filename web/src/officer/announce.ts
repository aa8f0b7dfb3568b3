import type { OfficerAlert } from './fold';

/** What the officer is told when an alert near them or in their care changes, loudest first. */
export type AnnouncementKind = 'duress' | 'offer' | 'assigned' | 'released' | 'progress' | 'nearby';

export interface Announcement {
  kind: AnnouncementKind;
  alertId: string;
  shortCode: string;
  /** The alert's status after the change (for `progress`). */
  status: OfficerAlert['status'];
}

const CLOSED = new Set(['RESOLVED', 'CANCELLED']);
const offerToMe = (a: OfficerAlert | undefined, me: string) => a?.offer?.advisor.id === me;
const mine = (a: OfficerAlert | undefined, me: string) => a?.assignedAdvisor?.id === me;

/**
 * Compares an alert before and after a change (a stream event or a mutation's answer) and says what,
 * if anything, the officer must hear. Diff-based, so the same change seen twice (the claim's answer,
 * then its event) is announced once. Pure.
 */
export function announcementFor(before: OfficerAlert | undefined, after: OfficerAlert, me: string): Announcement | null {
  const say = (kind: AnnouncementKind): Announcement => ({ kind, alertId: after.id, shortCode: after.shortCode, status: after.status });
  const wasMine = mine(before, me);
  const isMine = mine(after, me);
  if ((isMine || wasMine) && after.duress && !before?.duress) return say('duress');
  if (isMine && !wasMine) return say('assigned');
  if (wasMine && !isMine && !CLOSED.has(after.status)) return say('released');
  if ((isMine || wasMine) && before && before.status !== after.status) return say('progress');
  if (offerToMe(after, me) && (!offerToMe(before, me) || before?.offer?.expiresAt !== after.offer?.expiresAt)) return say('offer');
  if (!before && !isMine && !after.assignedAdvisor && !CLOSED.has(after.status)) return say('nearby');
  return null;
}
