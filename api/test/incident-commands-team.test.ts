import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { eventually, operatorToken, serverFixture, testConfig } from './support/server.js';
import { CITY, Q as D, dispatchKit, offset, type TestAdvisor } from './support/dispatch.js';
import { INCIDENT_Q as Q, QUIET_DETECTION, joinIncident, makeIncident } from './support/incidentCommandsKit.js';

/**
 * Team-first offers (issue #20): alerts joining a CONFIRMED incident with a team are offered to its members
 * first, nearest first, spread so that nobody holds more offers and alerts than their capacity; the rest go
 * to normal dispatch, and the rest of the consulate keeps its normal dispatch (a raid does not starve it).
 */
describe.each(backends())('team-first offers on %s', (backend) => {
  const f = serverFixture(backend, { dispatch: { ...testConfig().dispatch, sweepIntervalMs: 100 }, incidents: QUIET_DETECTION });
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());
  const raid = offset(CITY.losangeles, 5, 5);

  it('20 joining alerts: 2 to each of 3 team members (capacity 2), the rest in normal dispatch; an unrelated alert is offered at once', async () => {
    const op = await operatorToken('losangeles');
    // The incident exists (its first alerts escalated while nobody was on duty), then advisors come on duty.
    const first = [];
    for (let i = 0; i < 3; i++) first.push((await k.raise(offset(raid, i * 0.2))).id);
    const id = await makeIncident(f.t.db, 'losangeles', first);
    // Non-team advisors stand nearer the raid than the team, so normal dispatch offers the joining alerts to them first.
    const near: TestAdvisor[] = [];
    for (let i = 0; i < 4; i++) near.push(await k.addAdvisor('losangeles', offset(raid, 0.1, i * 0.05), { capacity: 5 }));
    const team: TestAdvisor[] = [];
    for (let i = 0; i < 3; i++) team.push(await k.addAdvisor('losangeles', offset(raid, 1 + i, 0), { capacity: 2 }));
    const elsewhere = await k.addAdvisor('losangeles', offset(CITY.losangeles, -15, -10), { capacity: 1 });
    await k.ok(Q.confirm, { id }, op);
    await k.ok(Q.team, { id, advisorIds: team.map((t) => t.id) }, op);

    const joining: string[] = [];
    for (let i = 0; i < 20; i++) {
      const a = await k.raise(offset(raid, 0.1 * (i % 5), 0.1 * Math.floor(i / 5)));
      joining.push(a.id);
      await joinIncident(f.t.db, id, a.id); // as detection records it, right after the raise
    }
    // While the raid's alerts are handled, an unrelated alert elsewhere in the consulate is offered at once, to a non-team advisor.
    const unrelated = await k.raise(offset(CITY.losangeles, -15, -10));
    expect(unrelated.offer?.advisor.id).toBe(elsewhere.id);

    const holding = async () => {
      const rows = await k.sql<{ advisor_id: string; n: number }>(
        `select o.advisor_id, count(*)::int as n from alert_offers o join alerts a on a.current_offer_id = o.id
         where o.outcome is null and a.id = any($1::uuid[]) group by o.advisor_id`, [joining]);
      return new Map(rows.map((r) => [r.advisor_id, r.n]));
    };
    // Each team member ends up with exactly their capacity's worth, nearest first; nobody above it.
    await eventually(async () => {
      const h = await holding();
      expect(team.map((t) => h.get(t.id) ?? 0)).toEqual([2, 2, 2]);
    }, 15_000);
    const h = await holding();
    const toOthers = near.reduce((n, a) => n + (h.get(a.id) ?? 0), 0);
    expect(toOthers).toBe(14); // the other 14 stay in normal dispatch, each offered to someone
    for (const t of team) expect(await k.activeAlerts(t.id)).toBe(0);
    const withdrawn = await k.sql<{ n: number }>(
      `select count(*)::int as n from alert_events where type = 'OFFER_WITHDRAWN' and note = 'offered to the incident team first' and alert_id = any($1::uuid[])`, [joining]);
    expect(withdrawn[0]!.n).toBe(6);

    // A team member declines: their room is not taken by the same alert again, the others are full, so it goes to normal dispatch.
    const declinedAlert = (await k.sql<{ alert_id: string }>(
      `select a.id as alert_id from alerts a join alert_offers o on o.id = a.current_offer_id where o.advisor_id = $1::uuid and o.outcome is null limit 1`, [team[0]!.id]))[0]!.alert_id;
    await k.ok(D.decline, { id: declinedAlert }, team[0]!.token);
    const after = await k.read(declinedAlert);
    expect(after.status).toBe('OFFERED');
    expect(near.map((a) => a.id)).toContain(after.offer!.advisor.id);
  });

  it('a re-offered alert of a confirmed incident goes to a team member with room first', async () => {
    const op = await operatorToken('losangeles');
    const at = offset(CITY.losangeles, -5, 8);
    const first = [];
    for (let i = 0; i < 3; i++) first.push((await k.raise(offset(at, i * 0.2))).id);
    const id = await makeIncident(f.t.db, 'losangeles', first, 'CONFIRMED');
    const near = await k.addAdvisor('losangeles', offset(at, 0.1), { capacity: 3 });
    const member = await k.addAdvisor('losangeles', offset(at, 2), { capacity: 1 });
    await k.ok(Q.team, { id, advisorIds: [member.id] }, op);
    const a = await k.raise(offset(at, 0.3));
    expect(a.offer!.advisor.id).toBe(near.id); // a new alert: normal dispatch at its raise
    await k.sql('insert into incident_alerts (incident_id, alert_id) values ($1::uuid, $2::uuid)', [id, a.id]); // joined, no event followed
    await k.ok(D.decline, { id: a.id }, near.token);
    expect((await k.read(a.id)).offer!.advisor.id).toBe(member.id);
  });
});
