import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, operatorToken, personToken, serverFixture, supervisorToken, testConfig, wsClient } from './support/server.js';
import { CITY, Q, dispatchKit, offset, types } from './support/dispatch.js';

/**
 * The person's side: registration with a cancel PIN and a duress PIN, cancelling (the duress PIN looks
 * like a cancel to the phone and keeps the alert open for the control room), and moving while the alert
 * is open (the track, and the hand-over to another consulate).
 */
const EVENTS = `subscription { alertEvents { type toStatus actorRole alert { id status duress consulate { id } } } }`;
const LA = { lat: 34.05, lon: -118.25 };
const SD = { lat: 32.72, lon: -117.16 };

describe.each(backends())('the person: PINs, duress and moving on %s', (backend) => {
  // Registrations are rate-limited per address (10 an hour by default); every test here comes from 127.0.0.1.
  const f = serverFixture(backend, { privacy: { ...testConfig().privacy, registrationsPerHour: 1000 } });
  const k = dispatchKit(f);
  beforeAll(() => k.offDuty());

  const register = async (input: Record<string, unknown> = {}) =>
    (await k.ok(Q.register, { input: { cancelPin: '1234', duressPin: '9999', ...input } }, undefined as never)).registerPerson as { token: string; person: { id: string } };
  const countPersons = async () => (await k.sql<{ n: number }>('select count(*)::int as n from persons'))[0]!.n;

  /** Subscribes an operator to their consulate's events and waits until the subscription is live. */
  async function listen(consulateId: string) {
    const before = f.server.hub.listenerCount;
    const client = wsClient(f.server.url, await operatorToken(consulateId));
    const sub = collect(client, EVENTS);
    await eventually(() => expect(f.server.hub.listenerCount).toBeGreaterThan(before));
    return { sub, close: async () => { sub.stop(); await client.dispose(); } };
  }

  it('registerPerson returns a PERSON token for a new person with trimmed contacts and their language', async () => {
    const before = await countPersons();
    const r = await register({ displayName: ' Rosa ', preferredLanguage: 'zap', trustedContacts: [{ name: ' Hermana ', phone: ' +1 (213) 555-0100 ' }] });
    expect(r.person).toMatchObject({ displayName: 'Rosa', preferredLanguage: 'zap', trustedContacts: [{ name: 'Hermana', phone: '+1 (213) 555-0100' }] });
    expect(await countPersons()).toBe(before + 1);
    const me = await k.ok('{ me { id preferredLanguage } }', {}, r.token);
    expect(me.me).toEqual({ id: r.person.id, preferredLanguage: 'zap' });
    // The PINs are stored hashed, never as typed.
    const row = (await k.sql('select cancel_pin_hash, duress_pin_hash from persons where id = $1', [r.person.id]))[0];
    expect(row.cancel_pin_hash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(row)).not.toMatch(/1234|9999/);
  });

  it.each([
    ['equal PINs', { cancelPin: '1234', duressPin: '1234' }, 'duressPin'],
    // What a PIN may be (4-8 digits) is decided without a database (domain-pins.test.ts); one over the wire.
    ['a PIN with a letter', { cancelPin: '12a4' }, 'cancelPin'],
    ['6 trusted contacts', { trustedContacts: Array.from({ length: 6 }, (_x, i) => ({ name: `C${i}`, phone: '+1 555 0100' })) }, 'trustedContacts'],
    ['a contact without a phone number', { trustedContacts: [{ name: 'Tío', phone: 'call me' }] }, 'trustedContacts'],
    ['an unknown language code', { preferredLanguage: 'xx' }, 'preferredLanguage'],
  ])('registerPerson refuses %s with BAD_USER_INPUT and writes no row', async (_name, input, field) => {
    const before = await countPersons();
    const r = await k.call(Q.register, { input: { cancelPin: '1234', duressPin: '9999', ...input } });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await countPersons()).toBe(before);
  });

  it('cancelling with the duress PIN looks like a cancel to the person, while the control room sees an open alert under DURESS', async () => {
    const adv = await k.addAdvisor('losangeles', offset(LA, 2));
    const { token } = await register();
    const op = await listen('losangeles');
    const raised = await k.raise(LA, token);
    expect(raised.offer!.advisor.id).toBe(adv.id);

    const { cancelAlert } = await k.ok(Q.cancel, { id: raised.id, pin: '9999' }, token);
    expect(cancelAlert).toMatchObject({ status: 'CANCELLED', offer: null, assignedAdvisor: null, duress: false });
    expect(cancelAlert.events.at(-1)).toMatchObject({ type: 'CANCELLED', toStatus: 'CANCELLED' });
    const mine = await k.read(raised.id, token);
    expect(mine).toMatchObject({ status: 'CANCELLED', offer: null, assignedAdvisor: null, duress: false });
    expect(types(mine)).toEqual(['RAISED', 'OFFERED', 'CANCELLED']);
    expect(mine.events.at(-1)!.toStatus).toBe('CANCELLED');

    const seen = await k.read(raised.id, await operatorToken('losangeles'));
    expect(seen).toMatchObject({ status: 'OFFERED', duress: true, offer: { advisor: { id: adv.id } } });
    expect(seen.events.at(-1)).toMatchObject({ type: 'DURESS', actorRole: 'PERSON', fromStatus: 'OFFERED', toStatus: 'OFFERED' });
    expect((await k.offers(raised.id)).map((o) => o.outcome)).toEqual([null]); // nothing was released
    await eventually(() => {
      const duress = op.sub.events.map((e) => e.alertEvents).find((e) => e.type === 'DURESS' && e.alert.id === raised.id);
      expect(duress).toMatchObject({ actorRole: 'PERSON', alert: { status: 'OFFERED', duress: true } });
    });
    await op.close();

    // The alert goes on for the control room; the person's views stay those of a cancelled alert.
    await k.ok(Q.claim, { id: raised.id }, adv.token);
    await k.ok(Q.resolve, { id: raised.id, disposition: 'DETAINED_BY_ICE', note: 'trasladado' }, adv.token);
    const later = await k.read(raised.id, token);
    expect(later).toMatchObject({ status: 'CANCELLED', duress: false, assignedAdvisor: null, disposition: null, resolutionNote: null });
    expect(later.clocks.toResolveS).toBeNull();
    expect(types(later)).toEqual(['RAISED', 'OFFERED', 'CANCELLED']);
  });

  it('after a duress cancel, cancelling again (success) or moving (INVALID_TRANSITION) answers exactly as after an ordinary cancel', async () => {
    const { token } = await register();
    const duressed = await k.raise(offset(LA, 1), token);
    await k.ok(Q.cancel, { id: duressed.id, pin: '9999' }, token);
    const plain = await k.raise(offset(LA, 1), token);
    await k.ok(Q.cancel, { id: plain.id, pin: '1234' }, token);
    for (const [query, vars] of [
      [Q.cancel, { pin: '1234' }],
      [Q.cancel, { pin: '9999' }],
      [Q.move, { location: offset(LA, 2) }],
    ] as const) {
      const a = await k.call(query, { id: duressed.id, ...vars }, token);
      const b = await k.call(query, { id: plain.id, ...vars }, token);
      if (query === Q.move) expect(a.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
      else expect(a.data?.cancelAlert?.status).toBe('CANCELLED'); // a cancel retried after a lost answer succeeds
      // Timestamps aside (each alert has its own clocks), the two answers are the same text.
      const same = (r: typeof a, id: string) => JSON.stringify({ ...r, data: r.data?.cancelAlert ? { ...r.data.cancelAlert, clocks: null } : r.data }).replaceAll(id, 'ID');
      expect(same(a, duressed.id)).toBe(same(b, plain.id));
    }
    expect((await k.read(duressed.id)).duress).toBe(true); // still open and under duress for the control room
  });

  it('a wrong PIN is INCORRECT_PIN and changes nothing; a missing PIN is BAD_USER_INPUT; the cancel PIN cancels for everyone', async () => {
    await k.addAdvisor('chicago', offset(CITY.chicago, 2));
    const { token } = await register();
    const raised = await k.raise(CITY.chicago, token);
    const before = await k.read(raised.id);
    expect(await k.fails(Q.cancel, { id: raised.id, pin: '0000' }, token)).toBe('INCORRECT_PIN');
    expect(await k.fails(Q.cancel, { id: raised.id }, token)).toBe('BAD_USER_INPUT');
    expect(await k.read(raised.id)).toEqual(before);

    const { cancelAlert } = await k.ok(Q.cancel, { id: raised.id, pin: '1234' }, token);
    expect(cancelAlert).toMatchObject({ status: 'CANCELLED', duress: false, offer: null });
    const seen = await k.read(raised.id, await operatorToken('chicago'));
    expect(seen).toMatchObject({ status: 'CANCELLED', duress: false, offer: null });
    expect(types(seen)).toEqual(['RAISED', 'OFFERED', 'CANCELLED']);
    expect((await k.offers(raised.id)).map((o) => o.outcome)).toEqual(['WITHDRAWN']);
    // Another person's PIN cannot touch it.
    const other = await register({ cancelPin: '5555', duressPin: '6666' });
    const mineToo = await k.raise(CITY.chicago, token);
    expect(await k.fails(Q.cancel, { id: mineToo.id, pin: '1234' }, other.token)).toBe('INCORRECT_PIN');
    expect(await k.fails(Q.cancel, { id: mineToo.id, pin: '5555' }, other.token)).toBe('NOT_FOUND');
    expect(await k.fails(Q.cancel, { id: mineToo.id, pin: '6666' }, other.token)).toBe('NOT_FOUND');
    expect((await k.read(mineToo.id)).duress).toBe(false);
    expect((await k.read(mineToo.id)).status).not.toBe('CANCELLED');
  });

  it('updateAlertLocation keeps the track; moving from Los Angeles to San Diego hands the alert over, seen by both control rooms', async () => {
    await k.offDuty('losangeles');
    const person = await personToken(randomUUID());
    const la = await listen('losangeles');
    const sd = await listen('sandiego');
    const raised = await k.raise(LA, person);
    expect(raised.consulate.id).toBe('losangeles');

    const t0 = Date.now();
    const near = await k.ok(Q.move, { id: raised.id, location: { ...offset(LA, 0.5), accuracyM: 12 }, recordedAt: new Date(t0).toISOString() }, person);
    expect(near.updateAlertLocation.consulate.id).toBe('losangeles');
    expect(types(near.updateAlertLocation).at(-1)).toBe('LOCATION_UPDATED');

    const moved = (await k.ok(Q.move, { id: raised.id, location: SD, recordedAt: new Date(t0 + 1000).toISOString() }, person)).updateAlertLocation;
    expect(moved.consulate.id).toBe('sandiego');
    // The phone is never shown the control room's notes (graphql/person/views.ts); staff see them.
    expect(moved.events.at(-1)).toMatchObject({ type: 'HANDED_OVER', actorRole: 'PERSON', note: null });
    expect((await k.read(raised.id)).events.at(-1)).toMatchObject({ type: 'HANDED_OVER', note: 'losangeles -> sandiego' });

    const track = await k.sql<{ consulate_id: string; lat: number }>(
      'select consulate_id, ST_Y(location::geometry) as lat from alert_track where alert_id = $1::uuid order by recorded_at, id', [raised.id]);
    expect(track.map((p) => p.consulate_id)).toEqual(['losangeles', 'losangeles', 'sandiego']);
    expect(track.at(-1)!.lat).toBeCloseTo(SD.lat, 5);

    const handedOver = (s: typeof la) => s.sub.events.map((e) => e.alertEvents).filter((e) => e.alert.id === raised.id && e.type === 'HANDED_OVER');
    await eventually(() => {
      expect(handedOver(la)).toHaveLength(1);
      expect(handedOver(sd)).toHaveLength(1);
    });
    expect(handedOver(sd)[0].alert.consulate.id).toBe('sandiego');
    await la.close();
    await sd.close();

    expect(await k.call(Q.alert, { id: raised.id }, await operatorToken('losangeles'))).toMatchObject({ data: { alert: null } });
    const sdView = await k.read(raised.id, await operatorToken('sandiego'));
    expect(types(sdView)).toEqual(['RAISED', 'ESCALATED', 'LOCATION_UPDATED', 'HANDED_OVER']); // the history came along
    expect((await k.read(raised.id, person)).consulate.id).toBe('sandiego');

    // A fix older than the last one kept is refused, and nothing is written.
    const older = await k.call(Q.move, { id: raised.id, location: LA, recordedAt: new Date(t0 + 500).toISOString() }, person);
    expect(older.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recordedAt' });
    // Another person cannot move it; it does not exist for them.
    expect(await k.fails(Q.move, { id: raised.id, location: SD }, await personToken(randomUUID()))).toBe('NOT_FOUND');
    expect(await k.fails(Q.move, { id: raised.id, location: SD }, await supervisorToken())).toBe('FORBIDDEN');
    expect((await k.sql('select count(*)::int as n from alert_track where alert_id = $1::uuid', [raised.id]))[0].n).toBe(3);
    expect((await k.read(raised.id)).consulate.id).toBe('sandiego');
  });
  // A closed alert refusing locations (also after a duress cancel) is decided in domain-dispatch-person.test.ts.
});
