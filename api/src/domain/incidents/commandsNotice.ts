import { isOpen } from '../lifecycle.js';

/**
 * A status posted to every person in an incident (`postIncidentStatus`): fixed texts, worded per person
 * (domain/personWording.ts, type INCIDENT_NOTICE), that say nothing of how many others there are or where.
 */
export const INCIDENT_NOTICES = ['CONSULATE_AWARE', 'ADVISOR_ON_THE_WAY', 'STAY_CALM_KNOW_YOUR_RIGHTS'] as const;
export type IncidentNotice = (typeof INCIDENT_NOTICES)[number];
export const isIncidentNotice = (s: unknown): s is IncidentNotice => INCIDENT_NOTICES.includes(s as IncidentNotice);

/** An alert of the incident as the notice looks at it. */
export interface NoticeTarget {
  id: string;
  status: string;
  duress: boolean;
}

/**
 * Who receives the notice: every alert of the incident still open, except one cancelled under duress. That
 * one is open for the control room but closed for the phone, which must never learn anything more of it.
 */
export const noticeRecipients = <T extends NoticeTarget>(alerts: readonly T[]): T[] => alerts.filter((a) => isOpen(a.status) && !a.duress);
