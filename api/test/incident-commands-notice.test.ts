import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { collect, eventually, gql, operatorToken, serverFixture, wsClient } from './support/server.js';
import { CITY, TEST_DURESS_PIN, dispatchKit, offset, sleep } from './support/dispatch.js';
import { INCIDENT_Q as Q, QUIET_DETECTION, makeIncident } from './support/incidentCommandsKit.js';

const UPDATES = `subscription($id: ID!, $lang: String) { alertUpdates(alertId: $id, after: "0") { cursor type summary(language: $lang) } }`;

/**
 * postIncidentStatus: every person with an open alert in the incident gets one INCIDENT_NOTICE step on their
 * own alertUpdates, worded in their language; a duress-cancelled alert's phone learns nothing.
 */
describe.each(backends())('the incident status notice on %s', (backend) => {
  const f = serverFixture(backend, { incidents: QUIET_DETECTION });
  const k = dispatchKit(f);

  it('two persons of different languages each get it worded in theirs, once; a duress-cancelled one gets nothing', async () => {
    const reg = async (preferredLanguage: string) =>
      (await k.ok(Q_REGISTER, { input: { cancelPin: '1234', duressPin: TEST_DURESS_PIN, preferredLanguage } }, undefined as never)).registerPerson.token as string;
    const es = await reg('es'), en = await reg('en'), hidden = await reg('es');
    const raised = [];
    for (const [i, tok] of [es, en, hidden].entries()) raised.push(await k.raise(offset(CITY.losangeles, i * 0.2), tok));
    expect(raised.map((a) => a.personLanguage)).toEqual(['es', 'en', 'es']);
    await gql(f.server.url, 'mutation($id: ID!, $pin: String) { cancelAlert(id: $id, pin: $pin) { id } }', { id: raised[2]!.id, pin: TEST_DURESS_PIN }, hidden);
    const id = await makeIncident(f.t.db, 'losangeles', raised.map((a) => a.id), 'CONFIRMED');

    // Each phone asks in its person's language, as the app does.
    const streams = raised.map((a, i) => {
      const c = wsClient(f.server.url, [es, en, hidden][i]);
      return { c, s: collect(c, UPDATES, { id: a.id, lang: a.personLanguage }) };
    });
    await eventually(() => expect(streams[1]!.s.events.length).toBeGreaterThanOrEqual(2));
    await k.ok(Q.post, { id, notice: 'ADVISOR_ON_THE_WAY' }, await operatorToken('losangeles'));

    const notices = (i: number) => streams[i]!.s.events.map((e) => e.alertUpdates).filter((e) => e.type === 'INCIDENT_NOTICE');
    await eventually(() => expect(notices(0).length + notices(1).length).toBe(2));
    expect(notices(0).map((e) => e.summary)).toEqual(['Consulado General de México en Los Ángeles sabe del operativo en su zona; un asesor va en camino']);
    expect(notices(1).map((e) => e.summary)).toEqual(['Consulado General de México en Los Ángeles knows about the enforcement operation in your area; an advisor is on the way']);
    // Nothing for the duress-cancelled alert: not on its stream, not even written to its events.
    await sleep(300);
    expect(notices(2)).toEqual([]);
    expect(streams[2]!.s.events.map((e) => e.alertUpdates.type)).not.toContain('INCIDENT_NOTICE');
    const written = await k.sql<{ alert_id: string }>(`select alert_id from alert_events where type = 'INCIDENT_NOTICE' order by alert_id`);
    expect(written.map((w) => w.alert_id)).toEqual([raised[0]!.id, raised[1]!.id].sort());
    // The control room sees the step as staff do (no status change, the notice in the note), and an incident event.
    const staff = await k.read(raised[0]!.id);
    expect(staff.events.at(-1)).toMatchObject({ type: 'INCIDENT_NOTICE', fromStatus: null, toStatus: null, note: 'ADVISOR_ON_THE_WAY' });
    expect(await k.sql(`select type, note, data from incident_events where incident_id = $1::uuid`, [id]))
      .toEqual([{ type: 'STATUS_POSTED', note: 'ADVISOR_ON_THE_WAY', data: { recipients: 2 } }]);
    for (const x of streams) {
      x.s.stop();
      await x.c.dispose();
    }
  });
});

const Q_REGISTER = `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { token } }`;
