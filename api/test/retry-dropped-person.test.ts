import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { eventually, serverFixture, testConfig } from './support/server.js';
import { CITY, Q, dispatchKit, offset } from './support/dispatch.js';
import { sendAndDropAnswer } from './support/dropAnswer.js';

/**
 * docs/MOBILE.md, "Retry rules", the person's rows and the location reports: each request is sent and
 * its answer really lost (raw socket destroyed once the request is flushed); once the effect is in the
 * database the same request is sent again and succeeds. A cancel retried answers the same whichever PIN
 * was typed: the phone may be in the hands of whoever forced the duress PIN.
 */
describe.each(backends())('the person’s retries after a lost answer on %s', (backend) => {
  const f = serverFixture(backend, { privacy: { ...testConfig().privacy, registrationsPerHour: 1000 } });
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  const PINS = { cancelPin: '1234', duressPin: '9999' };
  const register = async () => (await k.ok(Q.register, { input: PINS }, undefined as never)).registerPerson.token as string;
  const row = async (id: string) => (await k.sql<{ status: string; duress: boolean; events: number }>(
    `select status, duress, (select count(*)::int from alert_events e where e.alert_id = a.id) as events from alerts a where a.id = $1::uuid`, [id]))[0]!;

  async function dropAndWait(query: string, vars: Record<string, unknown>, tok: string, committed: () => Promise<void>) {
    await sendAndDropAnswer(f.server.url, query, vars, tok);
    await eventually(committed);
  }

  it('raiseAlert: the retry with the same idempotencyKey returns the same alert, raised once', async () => {
    const tok = await register();
    const input = { location: CITY.phoenix, idempotencyKey: randomUUID() };
    const byKey = () => k.sql<{ id: string }>('select id from alerts where idempotency_key = $1', [input.idempotencyKey]);
    await dropAndWait(Q.raise, { input }, tok, async () => expect(await byKey()).toHaveLength(1));
    const id = (await byKey())[0]!.id;
    const before = await row(id);
    const { raiseAlert } = await k.ok(Q.raise, { input }, tok);
    expect(raiseAlert.id).toBe(id);
    expect(await byKey()).toHaveLength(1);
    expect(await row(id)).toEqual(before); // nothing more written (no advisor near: RAISED, ESCALATED)
  });

  it('cancelAlert: a cancel and a duress cancel, each retried after a lost answer, both succeed with the same answer and write nothing more', async () => {
    const tok = await register();
    const plain = await k.raise(offset(CITY.omaha, 1), tok);
    const duressed = await k.raise(offset(CITY.omaha, 1), tok);
    await dropAndWait(Q.cancel, { id: plain.id, pin: PINS.cancelPin }, tok, async () => expect((await row(plain.id)).status).toBe('CANCELLED'));
    await dropAndWait(Q.cancel, { id: duressed.id, pin: PINS.duressPin }, tok, async () => expect((await row(duressed.id)).duress).toBe(true));
    const before = [await row(plain.id), await row(duressed.id)];

    const a = await k.call(Q.cancel, { id: plain.id, pin: PINS.cancelPin }, tok);
    const b = await k.call(Q.cancel, { id: duressed.id, pin: PINS.duressPin }, tok);
    expect(a.errors).toBeUndefined();
    expect(a.data!.cancelAlert).toMatchObject({ status: 'CANCELLED', duress: false, offer: null, assignedAdvisor: null });
    // The same text once the ids and each alert's own clocks are set aside.
    const text = (r: typeof a, id: string) => JSON.stringify({ ...r, data: { ...r.data!.cancelAlert, clocks: null } }).replaceAll(id, 'ID');
    expect(text(b, duressed.id)).toBe(text(a, plain.id));
    // Retried with the other PIN too: the same success, and nothing recorded either way.
    const c = await k.call(Q.cancel, { id: plain.id, pin: PINS.duressPin }, tok);
    const d = await k.call(Q.cancel, { id: duressed.id, pin: PINS.cancelPin }, tok);
    expect(text(c, plain.id)).toBe(text(a, plain.id));
    expect(text(d, duressed.id)).toBe(text(a, plain.id));
    expect([await row(plain.id), await row(duressed.id)]).toEqual(before);
    expect(before[1]).toMatchObject({ status: 'ESCALATED', duress: true }); // nobody near: still open for the control room
  });

  it('updateAlertLocation and reportAdvisorLocation: the retry succeeds (the position is recorded again, nothing else changes)', async () => {
    const adv = await k.addAdvisor('raleigh', offset(CITY.raleigh, 2));
    const alert = await k.raise(CITY.raleigh);
    const recordedAt = new Date().toISOString();
    const move = { id: alert.id, location: offset(CITY.raleigh, 0.3), recordedAt };
    const track = async () => (await k.sql('select 1 from alert_track where alert_id = $1::uuid', [alert.id])).length;
    const kept = await track();
    await dropAndWait(Q.move, move, alert.personToken, async () => expect(await track()).toBe(kept + 1));
    const { updateAlertLocation } = await k.ok(Q.move, move, alert.personToken);
    expect(updateAlertLocation).toMatchObject({ id: alert.id, status: 'OFFERED' });

    const report = { location: offset(CITY.raleigh, 2.5), recordedAt };
    const at = async () => (await k.sql<{ t: Date | null }>('select location_at as t from advisors where id = $1::uuid', [adv.id]))[0]!.t;
    await dropAndWait(Q.reportLocation, report, adv.token, async () => expect((await at())?.toISOString()).toBe(recordedAt));
    const { reportAdvisorLocation } = await k.ok(Q.reportLocation, report, adv.token);
    expect(reportAdvisorLocation).toMatchObject({ id: adv.id, location: report.location });
  });
});
