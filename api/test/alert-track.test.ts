import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { randomUUID } from 'node:crypto';
import { eventually, operatorToken, personToken, serverFixture, supervisorToken } from './support/server.js';
import { CITY, dispatchKit, offset } from './support/dispatch.js';

/**
 * `Alert.track`: the person's reported positions for the console's map. A series of precise points, so
 * it follows the precise-location rule exactly: the handling consulate and the assigned advisor while
 * the alert is open (and the person), nobody else; each read by staff is audited.
 */
const TRACK = `query($id: ID!, $last: Int) { alert(id: $id) { id track(last: $last) { lat lon recordedAt } } }`;
const MOVE = `mutation($id: ID!, $location: LocationInput!, $recordedAt: DateTime) { updateAlertLocation(id: $id, location: $location, recordedAt: $recordedAt) { id } }`;

describe.each(backends())('the alert track on %s', (backend) => {
  const f = serverFixture(backend);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  async function raiseAndMove() {
    const a = await k.raise(CITY.losangeles);
    const t0 = Date.now();
    for (const [i, km] of [1, 2].entries())
      await k.ok(MOVE, { id: a.id, location: offset(CITY.losangeles, km), recordedAt: new Date(t0 + (i + 1) * 1000).toISOString() }, a.personToken);
    return a;
  }

  it('gives the handling consulate every position, newest first, and audits the read', async () => {
    const a = await raiseAndMove();
    const op = await operatorToken('losangeles');
    const auditBefore = (await k.sql<{ n: number }>(`select count(*)::int as n from audit_log where subject_id = $1`, [a.id]))[0]!.n;
    const { alert } = await k.ok(TRACK, { id: a.id }, op);
    expect(alert.track).toHaveLength(3);
    expect(alert.track[0].lat).toBeCloseTo(offset(CITY.losangeles, 2).lat, 5);
    expect(alert.track[2].lat).toBeCloseTo(CITY.losangeles.lat, 5);
    const times = alert.track.map((p: { recordedAt: string }) => Date.parse(p.recordedAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    // The audit trail is written in the background, right after the request.
    await eventually(async () => {
      const auditAfter = (await k.sql<{ n: number }>(`select count(*)::int as n from audit_log where subject_id = $1`, [a.id]))[0]!.n;
      expect(auditAfter).toBeGreaterThan(auditBefore);
    });
    // `last` keeps only the newest points.
    const two = await k.ok(TRACK, { id: a.id, last: 1 }, op);
    expect(two.alert.track).toHaveLength(1);
    expect(two.alert.track[0].lat).toBeCloseTo(offset(CITY.losangeles, 2).lat, 5);
  });

  it('the person sees their own track', async () => {
    const a = await raiseAndMove();
    const { alert } = await k.ok(TRACK, { id: a.id }, a.personToken);
    expect(alert.track).toHaveLength(3);
  });

  it('is empty for an advisor who was only offered the alert, and once the alert is closed', async () => {
    await k.offDuty();
    const adv = await k.addAdvisor('losangeles', offset(CITY.losangeles, 3));
    const a = await raiseAndMove();
    expect((await k.read(a.id)).offer?.advisor.id).toBe(adv.id);
    const offered = await k.ok(TRACK, { id: a.id }, adv.token);
    expect(offered.alert.track).toEqual([]);
    await k.ok(`mutation($id: ID!) { claimAlert(id: $id) { id } }`, { id: a.id }, adv.token);
    const assigned = await k.ok(TRACK, { id: a.id }, adv.token);
    expect(assigned.alert.track).toHaveLength(3);
    await k.ok(`mutation($id: ID!) { resolveAlert(id: $id, disposition: NOT_ENFORCEMENT) { id } }`, { id: a.id }, await supervisorToken());
    const closed = await k.ok(TRACK, { id: a.id }, await operatorToken('losangeles'));
    expect(closed.alert.track).toEqual([]);
    await k.offDuty();
  });

  it('personNote: the words of the person, for the handling consulate and the person, not for an advisor only offered it', async () => {
    await k.offDuty();
    const adv = await k.addAdvisor('losangeles', offset(CITY.losangeles, 3));
    const person = await personToken(randomUUID());
    const NOTE = `mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) { id personNote } }`;
    const { raiseAlert } = await k.ok(NOTE, { input: { location: CITY.losangeles, idempotencyKey: randomUUID(), note: 'Sin GPS: cerca de Los Angeles' } }, person);
    expect(raiseAlert.personNote).toBe('Sin GPS: cerca de Los Angeles');
    const read = `query($id: ID!) { alert(id: $id) { personNote location { accuracyM } } }`;
    expect((await k.ok(read, { id: raiseAlert.id }, await operatorToken('losangeles'))).alert.personNote).toBe('Sin GPS: cerca de Los Angeles');
    expect((await k.ok(read, { id: raiseAlert.id }, adv.token)).alert.personNote).toBeNull();
    await k.offDuty();
  });

  it.each([0, 501, -1])('refuses last = %i with BAD_USER_INPUT', async (last) => {
    const a = await k.raise(CITY.losangeles);
    expect(await k.fails(TRACK, { id: a.id, last }, await operatorToken('losangeles'))).toBe('BAD_USER_INPUT');
  });
});
