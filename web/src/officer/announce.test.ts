import { describe, expect, it } from 'vitest';
import { announcementFor } from './announce';
import type { OfficerAlert } from './fold';

const ME = 'adv-me';
const other = { id: 'adv-other', name: 'Otro' };
const me = { id: ME, name: 'Yo' };

const alert = (over: Partial<OfficerAlert> = {}): OfficerAlert => ({
  id: 'a-1',
  shortCode: 'a1a1a1a1',
  status: 'RAISED',
  kind: 'IMMINENT_DETENTION',
  createdAt: '2026-12-04T10:00:00.000Z',
  duress: false,
  personLanguage: 'es',
  location: { lat: 34.05, lon: -118.25, accuracyM: null, precise: false },
  consulate: { id: 'losangeles', name: 'Los Ángeles' },
  offer: null,
  assignedAdvisor: null,
  ...over,
});
const offer = (advisor: { id: string; name: string }, expiresAt = '2026-12-04T10:01:00.000Z') => ({ distanceKm: 1, expiresAt, advisor });
const kind = (before: OfficerAlert | undefined, after: OfficerAlert) => announcementFor(before, after, ME)?.kind ?? null;

describe('announcementFor (what the officer hears)', () => {
  it('an offer to me is announced once, and again for a new offer after the first expired', () => {
    const offered = alert({ status: 'OFFERED', offer: offer(me) });
    expect(kind(alert(), offered)).toBe('offer');
    expect(kind(offered, offered)).toBeNull();
    expect(kind(offered, alert({ status: 'OFFERED', offer: offer(me, '2026-12-04T10:03:00.000Z') }))).toBe('offer');
    expect(kind(alert(), alert({ status: 'OFFERED', offer: offer(other) }))).toBeNull();
  });

  it('taking it, its progress and losing it are announced; the same state seen twice is not', () => {
    const mine = alert({ status: 'ACKNOWLEDGED', assignedAdvisor: me });
    expect(kind(alert({ status: 'OFFERED', offer: offer(me) }), mine)).toBe('assigned');
    expect(kind(mine, mine)).toBeNull();
    const enRoute = { ...mine, status: 'EN_ROUTE' as const };
    expect(announcementFor(mine, enRoute, ME)).toMatchObject({ kind: 'progress', status: 'EN_ROUTE', shortCode: 'a1a1a1a1' });
    expect(kind(enRoute, { ...enRoute, assignedAdvisor: other, status: 'ACKNOWLEDGED' })).toBe('released');
    expect(kind(enRoute, { ...enRoute, status: 'RESOLVED' })).toBe('progress');
  });

  it('duress on an alert in my care outranks everything; a new open alert nearby is announced, one taken by another is not', () => {
    const mine = alert({ status: 'EN_ROUTE', assignedAdvisor: me });
    expect(kind(mine, { ...mine, duress: true })).toBe('duress');
    expect(kind(undefined, alert())).toBe('nearby');
    expect(kind(undefined, alert({ status: 'ACKNOWLEDGED', assignedAdvisor: other }))).toBeNull();
    expect(kind(alert(), { ...alert(), status: 'ESCALATED' })).toBeNull();
  });
});
