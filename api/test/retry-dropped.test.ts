import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { eventually, operatorToken, serverFixture } from './support/server.js';
import { CITY, Q, advisorToken, dispatchKit, errorCode, offset, type TestAdvisor } from './support/dispatch.js';
import { sendAndDropAnswer } from './support/dropAnswer.js';

/**
 * docs/MOBILE.md, "Retry rules", one test per advisor and control-room row: the mutation is sent and its
 * answer really lost (the socket destroyed once the request is flushed), the test waits until the effect
 * is in the database, then the same request is sent again and must succeed, with no second event and no
 * second capacity unit (api/src/domain/retry.ts decides what a retry is).
 */
describe.each(backends())('a retry after a lost answer succeeds on %s', (backend) => {
  const f = serverFixture(backend);
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  const events = async (id: string) => (await k.sql<{ type: string }>('select type from alert_events where alert_id = $1::uuid order by seq', [id])).map((e) => e.type);
  const status = async (id: string) => (await k.sql<{ status: string; assigned: string | null }>('select status, assigned_advisor_id as assigned from alerts where id = $1::uuid', [id]))[0]!;

  /**
   * Sends `query` and drops its answer, waits until `committed` sees its effect, then sends it again:
   * returns the retry's answer, after checking that the retry appended no event.
   */
  async function dropThenRetry(alertId: string, query: string, vars: Record<string, unknown>, tok: string, committed: () => Promise<void>) {
    await sendAndDropAnswer(f.server.url, query, vars, tok);
    await eventually(committed);
    const before = await events(alertId);
    const retry = await k.call(query, vars, tok);
    expect(retry.errors, JSON.stringify(retry.errors)).toBeUndefined();
    expect(await events(alertId)).toEqual(before);
    return retry.data as Record<string, any>;
  }

  it('claimAlert: the winner retries and gets the alert as theirs, not ALREADY_CLAIMED', async () => {
    const a = await k.addAdvisor('chicago', offset(CITY.chicago, 2));
    const { id } = await k.raise(CITY.chicago);
    const { claimAlert } = await dropThenRetry(id, Q.claim, { id }, a.token, async () => expect(await status(id)).toEqual({ status: 'ACKNOWLEDGED', assigned: a.id }));
    expect(claimAlert).toMatchObject({ status: 'ACKNOWLEDGED', assignedAdvisor: { id: a.id, activeAlerts: 1 } });
    expect(await events(id)).toEqual(['RAISED', 'OFFERED', 'ACKNOWLEDGED']);
    expect((await k.offers(id)).map((o) => o.outcome)).toEqual(['ACCEPTED']);
  });

  it('declineOffer: the retry succeeds, the offer stays declined once and passed on once', async () => {
    const a = await k.addAdvisor('denver', offset(CITY.denver, 1));
    const b = await k.addAdvisor('denver', offset(CITY.denver, 6));
    const { id } = await k.raise(CITY.denver);
    await dropThenRetry(id, Q.decline, { id }, a.token, async () => expect((await k.offers(id)).map((o) => o.outcome)).toEqual(['DECLINED', null]));
    expect((await k.offers(id)).map((o) => o.advisor_id)).toEqual([a.id, b.id]);
    expect(await events(id)).toEqual(['RAISED', 'OFFERED', 'OFFER_DECLINED', 'OFFERED']);
    // An advisor who never had an offer of it still gets NOT_FOUND.
    const c = await k.addAdvisor('denver', offset(CITY.denver, 9));
    expect(await k.fails(Q.decline, { id }, c.token)).toBe('NOT_FOUND');
  });

  it('assignAlert and reassignAlert: the retry succeeds, one ASSIGNED and one REASSIGNED event, capacity taken once', async () => {
    const a = await k.addAdvisor('atlanta', offset(CITY.atlanta, 1), { capacity: 2 });
    const b = await k.addAdvisor('atlanta', offset(CITY.atlanta, 5), { capacity: 2 });
    const op = await operatorToken('atlanta');
    const { id } = await k.raise(CITY.atlanta);
    const { assignAlert } = await dropThenRetry(id, Q.assign, { id, advisorId: b.id }, op, async () => expect((await status(id)).assigned).toBe(b.id));
    expect(assignAlert).toMatchObject({ status: 'ACKNOWLEDGED', assignedAdvisor: { id: b.id, activeAlerts: 1 } });
    const { reassignAlert } = await dropThenRetry(id, Q.reassign, { id, advisorId: a.id }, op, async () => expect((await status(id)).assigned).toBe(a.id));
    expect(reassignAlert).toMatchObject({ status: 'ACKNOWLEDGED', assignedAdvisor: { id: a.id, activeAlerts: 1 } });
    expect(await events(id)).toEqual(['RAISED', 'OFFERED', 'ASSIGNED', 'REASSIGNED']);
    expect([await k.activeAlerts(a.id), await k.activeAlerts(b.id)]).toEqual([1, 0]);
  });

  it('escalateAlert: the retry with the same note succeeds; another note is a new request (INVALID_TRANSITION)', async () => {
    await k.addAdvisor('boston', offset(CITY.boston, 2));
    const op = await operatorToken('boston');
    const { id } = await k.raise(CITY.boston);
    const vars = { id, note: 'llamar a la familia' };
    const { escalateAlert } = await dropThenRetry(id, Q.escalate, vars, op, async () => expect((await status(id)).status).toBe('ESCALATED'));
    expect(escalateAlert).toMatchObject({ status: 'ESCALATED', offer: null });
    expect(await events(id)).toEqual(['RAISED', 'OFFERED', 'ESCALATED']);
    expect(await k.fails(Q.escalate, { id, note: 'otra cosa' }, op)).toBe('INVALID_TRANSITION');
  });

  it('updateAlertStatus: EN_ROUTE and ON_SCENE retried each succeed once; another actor repeating them is refused as before', async () => {
    const a = await k.addAdvisor('seattle', offset(CITY.seattle, 1));
    const { id } = await k.raise(CITY.seattle);
    await k.ok(Q.claim, { id }, a.token);
    const enRoute = await dropThenRetry(id, Q.progress, { id, status: 'EN_ROUTE' }, a.token, async () => expect((await status(id)).status).toBe('EN_ROUTE'));
    expect(enRoute.updateAlertStatus.status).toBe('EN_ROUTE');
    // The control room asking for the status the advisor already reported did not cause it: not a retry.
    expect(await k.fails(Q.progress, { id, status: 'EN_ROUTE' }, await operatorToken('seattle'))).toBe('INVALID_TRANSITION');
    const onScene = await dropThenRetry(id, Q.progress, { id, status: 'ON_SCENE' }, a.token, async () => expect((await status(id)).status).toBe('ON_SCENE'));
    expect(onScene.updateAlertStatus.status).toBe('ON_SCENE');
    expect(await events(id)).toEqual(['RAISED', 'OFFERED', 'ACKNOWLEDGED', 'EN_ROUTE', 'ON_SCENE']);
  });

  it('resolveAlert: the retry with the same disposition and note succeeds, capacity freed once; another disposition is INVALID_TRANSITION', async () => {
    const a = await k.addAdvisor('miami', offset(CITY.miami, 1), { capacity: 2 });
    const other = await k.raise(offset(CITY.miami, 3));
    await k.ok(Q.claim, { id: other.id }, a.token); // holds a second alert, so a double release would show
    const { id } = await k.raise(CITY.miami);
    await k.ok(Q.claim, { id }, a.token);
    const vars = { id, disposition: 'RELEASED_ON_SITE', note: 'liberado' };
    const { resolveAlert } = await dropThenRetry(id, Q.resolve, vars, a.token, async () => expect((await status(id)).status).toBe('RESOLVED'));
    expect(resolveAlert).toMatchObject({ status: 'RESOLVED', disposition: 'RELEASED_ON_SITE', resolutionNote: 'liberado', assignedAdvisor: { id: a.id } });
    expect(await k.activeAlerts(a.id)).toBe(1);
    expect(await k.fails(Q.resolve, { ...vars, disposition: 'OTHER' }, a.token)).toBe('INVALID_TRANSITION');
    expect(await k.fails(Q.resolve, { ...vars, note: 'otra nota' }, a.token)).toBe('INVALID_TRANSITION');
    expect(await k.fails(Q.resolve, vars, await operatorToken('miami'))).toBe('INVALID_TRANSITION'); // not who resolved it
    expect((await events(id)).filter((t) => t === 'RESOLVED')).toHaveLength(1);
  });

  it('20 advisors claim one alert and every answer is lost: exactly one wins, and only the winner’s retry succeeds', async () => {
    const rows = await k.sql<{ id: string }>(
      `insert into advisors (consulate_id, name, kind, languages, availability, capacity, location, location_at)
       select 'houston', 'Retrier ' || g, 'PALE_LAWYER', '{es}', 'AVAILABLE', 1,
              ST_SetSRID(ST_MakePoint($1::float8, $2::float8 + g * 0.002), 4326)::geography, now()
       from generate_series(1, 20) g returning id`, [CITY.houston.lon, CITY.houston.lat + 0.009]);
    const advisors: TestAdvisor[] = await Promise.all(rows.map(async (r) => ({ id: r.id, token: await advisorToken(r.id) })));
    const { id } = await k.raise(CITY.houston);
    await Promise.all(advisors.map((a) => sendAndDropAnswer(f.server.url, Q.claim, { id }, a.token)));
    await eventually(async () => expect((await status(id)).status).toBe('ACKNOWLEDGED'));
    const retries = await Promise.all(advisors.map((a) => k.call(Q.claim, { id }, a.token)));
    const winners = advisors.filter((_a, i) => !retries[i]!.errors);
    expect(winners.map((w) => w.id)).toEqual([(await status(id)).assigned]);
    expect(retries.filter((r) => errorCode(r) === 'ALREADY_CLAIMED')).toHaveLength(19);
    expect((await events(id)).filter((t) => t === 'ACKNOWLEDGED')).toHaveLength(1);
    const load = await k.sql<{ n: number }>(`select sum(active_alerts)::int as n from advisors where id = any($1::uuid[])`, [advisors.map((a) => a.id)]);
    expect(load[0]!.n).toBe(1);
  });
});
