import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../src/domain/errors.js';
import { allowedTransitions, assertTransition, canTransition, isOpen, type Actor, type AlertStatus } from '../src/domain/lifecycle.js';
import { LANGUAGE_MISMATCH_PENALTY_M, rankCandidates, type Candidate } from '../src/domain/ranking.js';

/** Pure rules, no database: the lifecycle table and the ranking of candidates. */

const STATUSES: AlertStatus[] = ['RAISED', 'OFFERED', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE', 'RESOLVED', 'CANCELLED', 'ESCALATED'];
const ACTORS: Actor[] = ['PERSON', 'ADVISOR', 'OPERATOR', 'SUPERVISOR', 'SYSTEM'];

describe('the lifecycle table', () => {
  it.each([
    ['RAISED', 'OFFERED', 'SYSTEM'],
    ['OFFERED', 'OFFERED', 'SYSTEM'],
    ['OFFERED', 'ACKNOWLEDGED', 'ADVISOR'],
    ['ESCALATED', 'ACKNOWLEDGED', 'ADVISOR'],
    ['RAISED', 'ACKNOWLEDGED', 'OPERATOR'],
    ['EN_ROUTE', 'ACKNOWLEDGED', 'SUPERVISOR'],
    ['ACKNOWLEDGED', 'EN_ROUTE', 'ADVISOR'],
    ['ACKNOWLEDGED', 'ON_SCENE', 'ADVISOR'],
    ['EN_ROUTE', 'ON_SCENE', 'OPERATOR'],
    ['OFFERED', 'ESCALATED', 'SYSTEM'],
    ['ON_SCENE', 'ESCALATED', 'OPERATOR'],
    ['ON_SCENE', 'RESOLVED', 'ADVISOR'],
    ['OFFERED', 'RESOLVED', 'OPERATOR'],
    ['ESCALATED', 'RESOLVED', 'SUPERVISOR'],
    ['ON_SCENE', 'CANCELLED', 'PERSON'],
    ['ESCALATED', 'CANCELLED', 'PERSON'],
  ] as Array<[AlertStatus, AlertStatus, Actor]>)('allows %s → %s by %s', (from, to, actor) => {
    expect(canTransition(from, to, actor)).toBe(true);
    expect(() => assertTransition(from, to, actor)).not.toThrow();
  });

  it.each([
    ['OFFERED', 'RESOLVED', 'ADVISOR', 'an advisor resolves only what they were assigned'],
    ['OFFERED', 'ACKNOWLEDGED', 'SYSTEM', 'the system never takes an alert itself'],
    ['OFFERED', 'ACKNOWLEDGED', 'PERSON', 'a person cannot assign'],
    ['ACKNOWLEDGED', 'ACKNOWLEDGED', 'ADVISOR', 'an advisor cannot take an assigned alert'],
    ['ACKNOWLEDGED', 'OFFERED', 'SYSTEM', 'an assigned alert is not offered again'],
    ['ESCALATED', 'OFFERED', 'SYSTEM', 'an escalated alert waits for people'],
    ['ACKNOWLEDGED', 'ESCALATED', 'SYSTEM', 'the system escalates only unassigned alerts'],
    ['ACKNOWLEDGED', 'ESCALATED', 'ADVISOR', 'escalation is the control room’s call'],
    ['ON_SCENE', 'EN_ROUTE', 'ADVISOR', 'progress does not go backwards'],
    ['OFFERED', 'EN_ROUTE', 'OPERATOR', 'progress needs an assignment'],
    ['OFFERED', 'CANCELLED', 'OPERATOR', 'only the person cancels'],
    ['ESCALATED', 'ESCALATED', 'OPERATOR', 'escalating twice'],
  ] as Array<[AlertStatus, AlertStatus, Actor, string]>)('refuses %s → %s by %s (%s)', (from, to, actor) => {
    expect(canTransition(from, to, actor)).toBe(false);
  });

  it('assertTransition throws INVALID_TRANSITION naming from and to', () => {
    let caught: unknown;
    try {
      assertTransition('RESOLVED', 'ACKNOWLEDGED', 'ADVISOR');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    const e = caught as AppError;
    expect(e.code).toBe(ErrorCode.INVALID_TRANSITION);
    expect(e.details).toEqual({ from: 'RESOLVED', to: 'ACKNOWLEDGED' });
    expect(e.message).toContain('RESOLVED');
    expect(e.message).toContain('ACKNOWLEDGED');
  });

  it('RESOLVED and CANCELLED are terminal: nothing leaves them, for any actor', () => {
    for (const from of ['RESOLVED', 'CANCELLED'] as const) {
      expect(isOpen(from)).toBe(false);
      for (const to of STATUSES) for (const actor of ACTORS) expect(canTransition(from, to, actor), `${from} → ${to} by ${actor}`).toBe(false);
    }
    expect(allowedTransitions().filter((t) => t.from === 'RESOLVED' || t.from === 'CANCELLED')).toEqual([]);
  });

  it('every open status can still be closed: resolved by the control room and cancelled by the person', () => {
    for (const from of STATUSES.filter(isOpen)) {
      expect(canTransition(from, 'RESOLVED', 'OPERATOR'), from).toBe(true);
      expect(canTransition(from, 'CANCELLED', 'PERSON'), from).toBe(true);
    }
  });

  it('allowedTransitions lists exactly what canTransition allows, and nothing ever returns to RAISED', () => {
    const listed = new Set(allowedTransitions().map((t) => `${t.from}>${t.to}>${t.actor}`));
    for (const from of STATUSES) for (const to of STATUSES) for (const actor of ACTORS)
      expect(listed.has(`${from}>${to}>${actor}`), `${from} → ${to} by ${actor}`).toBe(canTransition(from, to, actor));
    expect(allowedTransitions().some((t) => t.to === 'RAISED')).toBe(false);
    // A person does nothing but cancel.
    expect(new Set(allowedTransitions().filter((t) => t.actor === 'PERSON').map((t) => t.to))).toEqual(new Set(['CANCELLED']));
  });
});

const c = (advisorId: string, consulateId: string, km: number, languages: string[] = ['es']): Candidate => ({ advisorId, consulateId, distanceM: km * 1000, languages });
const order = (cs: Candidate[], alert: { consulateId: string; language: string | null }) => rankCandidates(cs, alert).map((x) => x.advisorId);

describe('rankCandidates', () => {
  it("puts the responsible consulate's advisors first even when another consulate's advisor is nearer", () => {
    expect(order([c('near-neighbour', 'santaana', 1), c('far-home', 'losangeles', 25)], { consulateId: 'losangeles', language: null })).toEqual(['far-home', 'near-neighbour']);
  });

  it('orders by distance within a consulate when the language is unknown or spoken by all', () => {
    const cs = [c('b', 'x', 5), c('a', 'x', 9), c('c', 'x', 1)];
    expect(order(cs, { consulateId: 'x', language: null })).toEqual(['c', 'b', 'a']);
    expect(order(cs, { consulateId: 'x', language: 'es' })).toEqual(['c', 'b', 'a']);
  });

  it('a Mixteco speaker 8 km away beats a Spanish-only advisor 3 km away (10 km penalty)', () => {
    expect(LANGUAGE_MISMATCH_PENALTY_M).toBe(10_000);
    expect(order([c('es-3km', 'x', 3), c('mix-8km', 'x', 8, ['es', 'mix'])], { consulateId: 'x', language: 'mix' })).toEqual(['mix-8km', 'es-3km']);
  });

  it('but a Spanish-only advisor 30 km closer wins', () => {
    expect(order([c('mix-33km', 'x', 33, ['mix']), c('es-3km', 'x', 3)], { consulateId: 'x', language: 'mix' })).toEqual(['es-3km', 'mix-33km']);
  });

  it('the language penalty never lifts a neighbour above the home consulate', () => {
    expect(order([c('home-es', 'x', 20), c('neighbour-mix', 'y', 1, ['mix'])], { consulateId: 'x', language: 'mix' })).toEqual(['home-es', 'neighbour-mix']);
  });

  it('breaks ties by advisor id for a stable order, and does not mutate its input', () => {
    const cs = [c('b', 'x', 4), c('a', 'x', 4), c('c', 'x', 14, ['mix'])];
    const copy = structuredClone(cs);
    // b and a are at 4 km (+10 penalty = 14), c speaks the language at 14 km: a three-way tie.
    expect(order(cs, { consulateId: 'x', language: 'mix' })).toEqual(['a', 'b', 'c']);
    expect(cs).toEqual(copy);
    expect(rankCandidates([], { consulateId: 'x', language: 'es' })).toEqual([]);
  });
});
