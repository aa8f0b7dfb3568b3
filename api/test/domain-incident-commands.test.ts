import { describe, expect, it } from 'vitest';
import { AppError } from '../src/domain/errors.js';
import type { Viewer } from '../src/domain/viewer.js';
import {
  MAX_COMMAND_IDS, UNCHANGED, commandRefusal, decideConfirm, decideDismiss, decideMerge, decideSplit, idList, liveRefusal,
  type IncidentState, type IncidentStatus,
} from '../src/domain/incidents/commands.js';
import { advisorRefusal, pickTeamMember, teamFirstApplies, type TeamCandidate } from '../src/domain/incidents/commandsTeam.js';
import { noticeRecipients } from '../src/domain/incidents/commandsNotice.js';
import { personMessage } from '../src/domain/personWording.js';

/**
 * The incident commands' rules (schema/incidentCommands.graphql), decided without a database: who may
 * command, which states allow what, input limits, whom team-first offers pick, who gets a notice and how
 * it reads. api/test/incident-commands*.test.ts keep what needs one: locks, races, writes, end to end.
 */
const id = (n: number) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const inc = (status: IncidentStatus, over: Partial<IncidentState> = {}): IncidentState => ({ id: id(1), consulate_id: 'losangeles', status, ...over });
const operator = (consulateId: string): Viewer => ({ role: 'OPERATOR', sub: 'op', consulateId, exp: 0 });
const supervisor: Viewer = { role: 'SUPERVISOR', sub: 'sup', exp: 0 };
const code = (d: unknown) => (d instanceof AppError ? d.code : 'allowed');

describe('who may command an incident', () => {
  it('an OPERATOR only incidents their consulate owns; a SUPERVISOR any; others FORBIDDEN; unknown NOT_FOUND', () => {
    expect(commandRefusal(operator('losangeles'), [inc('DETECTED')])).toBeNull();
    expect(code(commandRefusal(operator('sandiego'), [inc('DETECTED')]))).toBe('FORBIDDEN');
    expect(commandRefusal(supervisor, [inc('DETECTED', { consulate_id: 'chicago' })])).toBeNull();
    for (const role of ['PERSON', 'ADVISOR'] as const) expect(code(commandRefusal({ role }, [inc('DETECTED')]))).toBe('FORBIDDEN');
    expect(code(commandRefusal(supervisor, [inc('DETECTED'), null]))).toBe('NOT_FOUND');
  });

  it('a merge needs the OPERATOR to own every incident in it, the target and each source', () => {
    const mine = inc('DETECTED'), theirs = inc('DETECTED', { id: id(2), consulate_id: 'sandiego' });
    expect(code(commandRefusal(operator('losangeles'), [mine, theirs]))).toBe('FORBIDDEN');
    expect(commandRefusal(supervisor, [mine, theirs])).toBeNull();
  });
});

describe('id lists', () => {
  it('empty refused unless allowed, more than the cap refused, non-UUIDs NOT_FOUND, duplicates dropped', () => {
    expect(code(idList([], 'from', 'incident'))).toBe('BAD_USER_INPUT');
    expect(idList([], 'advisorIds', 'advisor', { mayBeEmpty: true })).toEqual([]);
    expect(code(idList(Array.from({ length: MAX_COMMAND_IDS + 1 }, (_, i) => id(i)), 'alertIds', 'alert'))).toBe('BAD_USER_INPUT');
    expect(code(idList(['x'], 'alertIds', 'alert'))).toBe('NOT_FOUND');
    expect(idList([id(1), id(1).toUpperCase(), id(2)], 'alertIds', 'alert')).toEqual([id(1), id(2)]);
  });
});

describe('confirm and dismiss', () => {
  it('DETECTED is confirmed; confirming again changes nothing; a final incident cannot be confirmed', () => {
    expect(decideConfirm(inc('DETECTED'))).toEqual({ to: 'CONFIRMED' });
    expect(decideConfirm(inc('CONFIRMED'))).toBe(UNCHANGED);
    for (const s of ['DISMISSED', 'CLOSED', 'MERGED'] as const) expect(code(decideConfirm(inc(s)))).toBe('INVALID_TRANSITION');
  });

  it('a live incident is dismissed; dismissing again changes nothing; CLOSED and MERGED cannot be', () => {
    expect(decideDismiss(inc('DETECTED'))).toEqual({ to: 'DISMISSED' });
    expect(decideDismiss(inc('CONFIRMED'))).toEqual({ to: 'DISMISSED' });
    expect(decideDismiss(inc('DISMISSED'))).toBe(UNCHANGED);
    expect(code(decideDismiss(inc('CLOSED')))).toBe('INVALID_TRANSITION');
    expect(code(decideDismiss(inc('MERGED')))).toBe('INVALID_TRANSITION');
  });
});

describe('merge', () => {
  it('live incidents merge; CONFIRMED wins over DETECTED', () => {
    expect(decideMerge(inc('DETECTED'), [inc('DETECTED', { id: id(2) })])).toEqual({ status: 'DETECTED' });
    expect(decideMerge(inc('DETECTED'), [inc('CONFIRMED', { id: id(2) })])).toEqual({ status: 'CONFIRMED' });
  });

  it('refuses a final incident on either side (INVALID_TRANSITION naming it) and merging into itself', () => {
    const d = decideMerge(inc('CONFIRMED'), [inc('DISMISSED', { id: id(2) })]);
    expect(code(d)).toBe('INVALID_TRANSITION');
    expect((d as AppError).details).toEqual({ incidentId: id(2), status: 'DISMISSED' });
    expect(code(decideMerge(inc('MERGED'), [inc('DETECTED', { id: id(2) })]))).toBe('INVALID_TRANSITION');
    expect(code(decideMerge(inc('DETECTED'), [inc('DETECTED')]))).toBe('BAD_USER_INPUT');
  });
});

describe('split', () => {
  const members = new Set([id(10), id(11), id(12)]);
  it('moves some of its alerts to a new incident of the same status', () => {
    expect(decideSplit(inc('CONFIRMED'), members, [id(10), id(11)])).toEqual({ status: 'CONFIRMED' });
  });
  it('refuses alerts not in it, all of its alerts, and a final incident', () => {
    expect(code(decideSplit(inc('DETECTED'), members, [id(10), id(99)]))).toBe('BAD_USER_INPUT');
    expect(code(decideSplit(inc('DETECTED'), members, [id(10), id(11), id(12)]))).toBe('BAD_USER_INPUT');
    expect(code(decideSplit(inc('CLOSED'), members, [id(10)]))).toBe('INVALID_TRANSITION');
  });
});

describe('lead and team', () => {
  const mayAct = new Set(['losangeles', 'santaana']);
  it('active advisors of the owner or of a consulate with alerts in it may serve; others are refused', () => {
    expect(advisorRefusal([{ id: id(5), consulate_id: 'losangeles', active: true }, { id: id(6), consulate_id: 'santaana', active: true }], mayAct, 'advisorIds')).toBeNull();
    expect(code(advisorRefusal([{ id: id(5), consulate_id: 'chicago', active: true }], mayAct, 'advisorIds'))).toBe('BAD_USER_INPUT');
    expect(code(advisorRefusal([{ id: id(5), consulate_id: 'losangeles', active: false }], mayAct, 'advisorId'))).toBe('BAD_USER_INPUT');
    expect(code(advisorRefusal([null], mayAct, 'advisorId'))).toBe('NOT_FOUND');
  });
  it('needs a live incident', () => {
    expect(liveRefusal(inc('CONFIRMED'), 'set the team of')).toBeNull();
    expect(code(liveRefusal(inc('DISMISSED'), 'set the team of'))).toBe('INVALID_TRANSITION');
  });
});

describe('team-first offers', () => {
  const c = (advisorId: string, distanceM: number, activeAlerts: number, openOffers: number, capacity = 2): TeamCandidate =>
    ({ advisorId, consulateId: 'losangeles', distanceM, capacity, activeAlerts, openOffers });

  it('apply to a CONFIRMED incident with a team only', () => {
    expect(teamFirstApplies({ status: 'CONFIRMED', teamSize: 2 })).toBe(true);
    expect(teamFirstApplies({ status: 'DETECTED', teamSize: 2 })).toBe(false);
    expect(teamFirstApplies({ status: 'CONFIRMED', teamSize: 0 })).toBe(false);
    expect(teamFirstApplies(null)).toBe(false);
  });

  it('the nearest member with room, counting held offers as well as carried alerts', () => {
    expect(pickTeamMember([c('b', 900, 0, 0), c('a', 100, 1, 1), c('c', 500, 1, 0)])!.advisorId).toBe('c');
    expect(pickTeamMember([c('b', 100, 0, 0), c('a', 100, 0, 0)])!.advisorId).toBe('a');
    expect(pickTeamMember([c('a', 100, 2, 0), c('b', 200, 0, 2)])).toBeNull();
  });

  it('spreads a burst: 6 alerts over 3 members of capacity 2 are 2 each, the 7th goes to normal dispatch', () => {
    const team = [c('a', 100, 0, 0), c('b', 200, 0, 0), c('c', 300, 0, 0)];
    const picked: string[] = [];
    for (let i = 0; i < 7; i++) {
      const m = pickTeamMember(team);
      picked.push(m?.advisorId ?? 'normal');
      if (m) m.openOffers++;
    }
    expect(picked).toEqual(['a', 'a', 'b', 'b', 'c', 'c', 'normal']);
  });
});

describe('the status notice', () => {
  it('goes to open alerts only, never to one cancelled under duress', () => {
    const got = noticeRecipients([
      { id: 'open', status: 'OFFERED', duress: false },
      { id: 'duress', status: 'ESCALATED', duress: true },
      { id: 'resolved', status: 'RESOLVED', duress: false },
      { id: 'cancelled', status: 'CANCELLED', duress: false },
    ]);
    expect(got.map((a) => a.id)).toEqual(['open']);
  });

  it('is worded in the person\'s language, and says nothing of how many or where', () => {
    const facts = { consulateName: 'Consulado de México en Los Ángeles', advisorName: null, note: 'ADVISOR_ON_THE_WAY' };
    const es = personMessage('INCIDENT_NOTICE', 'es', facts)!;
    const en = personMessage('INCIDENT_NOTICE', 'en', facts)!;
    expect(es).toBe('Consulado de México en Los Ángeles sabe del operativo en su zona; un asesor va en camino');
    expect(en).toBe('Consulado de México en Los Ángeles knows about the enforcement operation in your area; an advisor is on the way');
    for (const notice of ['CONSULATE_AWARE', 'ADVISOR_ON_THE_WAY', 'STAY_CALM_KNOW_YOUR_RIGHTS']) {
      for (const lang of ['es', 'en']) expect(personMessage('INCIDENT_NOTICE', lang, { ...facts, note: notice })).not.toMatch(/\d/);
    }
  });
});
