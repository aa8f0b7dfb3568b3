import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { operatorToken, personToken, serverFixture, supervisorToken } from './support/server.js';
import { CITY, advisorToken, dispatchKit, offset } from './support/dispatch.js';
import { INCIDENT_Q as Q, QUIET_DETECTION, makeIncident } from './support/incidentCommandsKit.js';

/**
 * The incident commands end to end (schema/incidentCommands.graphql): who may command (read from the
 * incident's row), what each writes (incident, its alerts, an incident event, an audit row), and bad input
 * refused with a stable code and nothing changed. The rules alone: domain-incident-commands.test.ts.
 */
describe.each(backends())('incident commands on %s', (backend) => {
  const f = serverFixture(backend, { incidents: QUIET_DETECTION });
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());
  const la = () => operatorToken('losangeles');

  /** A place of its own in Los Angeles for each incident, 4 km from the others (detection never mixes them). */
  let spots = 0;
  const spot = () => offset(CITY.losangeles, -24 + 4 * (spots % 12), 4 * Math.floor(spots++ / 12));

  /** `n` alerts raised ~300 m apart, and an incident of them. */
  async function incident(n = 3, status = 'DETECTED', at = spot(), consulate = 'losangeles') {
    const alerts: string[] = [];
    for (let i = 0; i < n; i++) alerts.push((await k.raise(offset(at, i * 0.3))).id);
    return { id: await makeIncident(f.t.db, consulate, alerts, status), alerts };
  }
  const row = async (id: string) => (await k.sql('select status, consulate_id, merged_into, lead_advisor_id, alert_count, open_alert_count from incidents where id = $1::uuid', [id]))[0];
  const events = async (id: string) => (await k.sql<{ type: string; actor_kind: string; note: string | null }>(
    'select type, actor_kind, note from incident_events where incident_id = $1::uuid order by id', [id]));
  const audited = async (id: string) => (await k.sql<{ action: string; actor_role: string }>(
    'select action, actor_role from audit_log where subject_type = $1 and subject_id = $2 order by id', ['incident', id]));

  it('the owner consulate\'s OPERATOR confirms: CONFIRMED, one event, one audit row; confirming again changes nothing', async () => {
    const { id } = await incident();
    expect((await k.ok(Q.confirm, { id }, await la())).confirmIncident).toEqual({ id, status: 'CONFIRMED' });
    expect(await k.ok(Q.confirm, { id }, await la())).toEqual({ confirmIncident: { id, status: 'CONFIRMED' } });
    expect(await events(id)).toEqual([{ type: 'CONFIRMED', actor_kind: 'OPERATOR', note: null }]);
    expect(await audited(id)).toEqual([{ action: 'INCIDENT_CONFIRM', actor_role: 'OPERATOR' }, { action: 'INCIDENT_CONFIRM', actor_role: 'OPERATOR' }]);
  });

  it('authorization: another consulate\'s OPERATOR, an ADVISOR and a PERSON are FORBIDDEN and change nothing; a SUPERVISOR may', async () => {
    const { id } = await incident();
    expect(await k.fails(Q.confirm, { id }, await operatorToken('sandiego'))).toBe('FORBIDDEN');
    expect(await k.fails(Q.dismiss, { id }, await advisorToken(randomUUID()))).toBe('FORBIDDEN');
    expect(await k.fails(Q.post, { id, notice: 'CONSULATE_AWARE' }, await personToken(randomUUID()))).toBe('FORBIDDEN');
    expect((await row(id)).status).toBe('DETECTED');
    expect(await events(id)).toEqual([]);
    expect((await k.ok(Q.dismiss, { id, reason: 'a fair' }, await supervisorToken())).dismissIncident.status).toBe('DISMISSED');
    expect(await events(id)).toEqual([{ type: 'DISMISSED', actor_kind: 'SUPERVISOR', note: 'a fair' }]);
  });

  it('unknown or malformed incident ids are NOT_FOUND; a final incident refuses commands (INVALID_TRANSITION)', async () => {
    expect(await k.fails(Q.confirm, { id: randomUUID() }, await la())).toBe('NOT_FOUND');
    expect(await k.fails(Q.confirm, { id: 'nope' }, await la())).toBe('NOT_FOUND');
    const { id } = await incident(3, 'DISMISSED');
    expect(await k.fails(Q.confirm, { id }, await la())).toBe('INVALID_TRANSITION');
    expect(await k.fails(Q.post, { id, notice: 'CONSULATE_AWARE' }, await la())).toBe('INVALID_TRANSITION');
    expect(await events(id)).toEqual([]);
  });

  it('merge: the alerts of `from` move to `into`, each `from` is MERGED into it; counts recomputed; CONFIRMED wins', async () => {
    const a = await incident(3), b = await incident(2, 'CONFIRMED');
    const merged = (await k.ok(Q.merge, { into: a.id, from: [b.id] }, await la())).mergeIncidents;
    expect(merged).toEqual({ id: a.id, status: 'CONFIRMED' });
    expect(await row(a.id)).toMatchObject({ status: 'CONFIRMED', alert_count: 5, open_alert_count: 5 });
    expect(await row(b.id)).toMatchObject({ status: 'MERGED', merged_into: a.id });
    expect((await k.sql('select count(*)::int as n from incident_alerts where incident_id = $1::uuid', [b.id]))[0].n).toBe(0);
    expect((await events(b.id)).map((e) => e.type)).toEqual(['MERGED']);
    expect((await events(a.id)).map((e) => e.type)).toEqual(['MERGED']);
  });

  it('merge refuses incompatible states, itself, empty and oversized lists, and another consulate\'s incident, changing nothing', async () => {
    const a = await incident(3), gone = await incident(3, 'DISMISSED');
    const theirs = await incident(3, 'DETECTED', CITY.sandiego, 'sandiego');
    const r = await k.call(Q.merge, { into: a.id, from: [gone.id] }, await la());
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', incidentId: gone.id, status: 'DISMISSED' });
    expect(await k.fails(Q.merge, { into: a.id, from: [a.id] }, await la())).toBe('BAD_USER_INPUT');
    expect(await k.fails(Q.merge, { into: a.id, from: [] }, await la())).toBe('BAD_USER_INPUT');
    expect(await k.fails(Q.merge, { into: a.id, from: Array.from({ length: 501 }, () => randomUUID()) }, await la())).toBe('BAD_USER_INPUT');
    expect(await k.fails(Q.merge, { into: a.id, from: [randomUUID()] }, await la())).toBe('NOT_FOUND');
    expect(await k.fails(Q.merge, { into: a.id, from: [theirs.id] }, await la())).toBe('FORBIDDEN');
    expect(await row(a.id)).toMatchObject({ status: 'DETECTED', alert_count: 3 });
    expect(await row(gone.id)).toMatchObject({ status: 'DISMISSED', alert_count: 3 });
    expect(await events(a.id)).toEqual([]);
  });

  it('split: the given alerts move to a new incident of the same status; both recomputed; the new one is answered', async () => {
    const { id, alerts } = await incident(4, 'CONFIRMED');
    const created = (await k.ok(Q.split, { id, alertIds: alerts.slice(2) }, await la())).splitIncident;
    expect(created.id).not.toBe(id);
    expect(created.status).toBe('CONFIRMED');
    expect(await row(id)).toMatchObject({ alert_count: 2 });
    expect(await row(created.id)).toMatchObject({ alert_count: 2, consulate_id: 'losangeles' });
    const moved = await k.sql<{ alert_id: string }>('select alert_id from incident_alerts where incident_id = $1::uuid order by alert_id', [created.id]);
    expect(moved.map((m) => m.alert_id)).toEqual([...alerts.slice(2)].sort());
    expect((await events(created.id)).map((e) => e.type)).toEqual(['SPLIT']);
  });

  it('split refuses alerts not in the incident, all of its alerts and an empty list, changing nothing', async () => {
    const { id, alerts } = await incident(3);
    const other = await k.raise(spot());
    expect(await k.fails(Q.split, { id, alertIds: [alerts[0], other.id] }, await la())).toBe('BAD_USER_INPUT');
    expect(await k.fails(Q.split, { id, alertIds: alerts }, await la())).toBe('BAD_USER_INPUT');
    expect(await k.fails(Q.split, { id, alertIds: [] }, await la())).toBe('BAD_USER_INPUT');
    expect(await row(id)).toMatchObject({ alert_count: 3 });
    expect(await events(id)).toEqual([]);
  });

  it('lead and team: active advisors of the owner or of a consulate with alerts in it; others refused', async () => {
    const { id, alerts } = await incident(3);
    const mine = await k.addAdvisor('losangeles', offset(CITY.losangeles, 20));
    const neighbour = await k.addAdvisor('santaana', CITY.santaana);
    const far = await k.addAdvisor('chicago', CITY.chicago);
    expect(await k.fails(Q.team, { id, advisorIds: [mine.id, neighbour.id] }, await la())).toBe('BAD_USER_INPUT');
    // Once Santa Ana has an alert in it, its advisors may serve.
    await k.sql('update alerts set consulate_id = $2 where id = $1::uuid', [alerts[0], 'santaana']);
    await k.ok(Q.team, { id, advisorIds: [mine.id, neighbour.id, mine.id] }, await la());
    const team = await k.sql<{ advisor_id: string }>('select advisor_id from incident_team where incident_id = $1::uuid order by advisor_id', [id]);
    expect(team.map((t) => t.advisor_id)).toEqual([mine.id, neighbour.id].sort());
    expect(await k.fails(Q.lead, { id, advisorId: far.id }, await la())).toBe('BAD_USER_INPUT');
    expect(await k.fails(Q.lead, { id, advisorId: randomUUID() }, await la())).toBe('NOT_FOUND');
    await k.sql('update advisors set active = false where id = $1::uuid', [neighbour.id]);
    expect(await k.fails(Q.lead, { id, advisorId: neighbour.id }, await la())).toBe('BAD_USER_INPUT');
    await k.ok(Q.lead, { id, advisorId: mine.id }, await la());
    expect((await row(id)).lead_advisor_id).toBe(mine.id);
    await k.ok(Q.team, { id, advisorIds: [] }, await la());
    expect(await k.sql('select 1 from incident_team where incident_id = $1::uuid', [id])).toEqual([]);
    expect((await events(id)).map((e) => e.type)).toEqual(['TEAM_SET', 'LEAD_SET', 'TEAM_SET']);
    expect((await audited(id)).map((a) => a.action)).toEqual(['INCIDENT_SET_TEAM', 'INCIDENT_SET_LEAD', 'INCIDENT_SET_TEAM']);
  });
});
