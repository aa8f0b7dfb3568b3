import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../src/graphql/schema.js';
import { PERSON_VIEWS } from '../src/graphql/person/views.js';
import { PERSON_ALERT_FIELDS } from '../src/domain/personAlertView.js';
import { runRetention } from '../src/services/retention.js';
import { backends } from './support/db.js';
import { operatorToken, serverFixture, startTestServer, testConfig, type GqlResult } from './support/server.js';
import { Q, dispatchKit } from './support/dispatch.js';
import { normalise, overHttp, overWs, safelistedDocuments } from './support/phoneViews.js';
import type { RunningServer } from '../src/http/server.js';

/**
 * Duress stays invisible on the phone (docs/SECURITY.md, Duress): whatever happens after the cancel, every
 * operation the phone may send and its stream answer the same after a duress cancel as after a real one.
 */
const CANCEL = '1234';
const DURESS = '9999';
const LA = { lat: 34.0522, lon: -118.2437 };
const DOCS = safelistedDocuments();

/** Every field a phone could ask for when the safelist is off (staff-only advisor fields answer FORBIDDEN alike). */
const FULL = `query($id: ID!) { alert(id: $id) { id status kind createdAt location { lat lon accuracyM precise }
  consulate { id name } jurisdictionMatch { method distanceKm consulate { id } } offer { distanceKm expiresAt advisor { id name } }
  assignedAdvisor { id name kind languages consulate { id } location { lat } locationAt }
  busy: assignedAdvisor { availability activeAlerts capacity active }
  duress disposition resolutionNote offerCount personLanguage clocks { toOfferS toAcknowledgeS toOnSceneS toResolveS }
  shortCode flags personNote track { lat lon recordedAt }
  events { cursor type at fromStatus toStatus actorRole note summary(language: "es") alert { id status assignedAdvisor { name } } } } }`;

describe('the person view is an allow-list', () => {
  const schema = buildSchema();
  it.each(['Alert', 'AlertEvent', 'Advisor'])('every field of %s in the schema has a person resolver, and none is extra', (type) => {
    const fields = Object.keys((schema.getType(type) as import('graphql').GraphQLObjectType).getFields()).sort();
    expect(Object.keys(PERSON_VIEWS[type]!).sort()).toEqual(fields);
  });
  it('PERSON_ALERT_FIELDS says for every field of Alert where the phone\'s answer comes from', () => {
    const fields = Object.keys((schema.getType('Alert') as import('graphql').GraphQLObjectType).getFields()).sort();
    expect(Object.keys(PERSON_ALERT_FIELDS).sort()).toEqual(fields);
  });
});

describe.each(backends())('the phone cannot tell a duress cancel from a real one (%s)', (backend) => {
  // The safelist on, as in production; a second server over the same database with it off, for FULL.
  const f = serverFixture(backend, { persistedOnlyFor: ['PERSON'], privacy: { ...testConfig().privacy, registrationsPerHour: 1000 } });
  const k = dispatchKit(f);
  let open: RunningServer;
  beforeAll(async () => {
    await k.offDuty();
    open = await startTestServer(f.t.db, { persistedOnlyFor: [] });
  });
  afterAll(() => open?.close());

  interface Side {
    token: string;
    alertId: string;
    pin: string;
    live: Promise<unknown[]>;
  }

  async function side(pin: string): Promise<Side> {
    await k.offDuty(); // nobody takes it: both alerts go through the same steps
    const reg = await k.ok(DOCS.PersonRegister!, { input: { displayName: 'Rosa', preferredLanguage: 'es', cancelPin: CANCEL, duressPin: DURESS } }, undefined as never);
    const token = reg.registerPerson.token as string;
    const raised = await k.ok(DOCS.PersonRaiseAlert!, { input: { location: LA, idempotencyKey: randomUUID(), note: 'nota de prueba' } }, token);
    const alertId = raised.raiseAlert.id as string;
    // The control room sends someone: one advisor of the same name on both sides.
    const x = await k.addAdvisor('losangeles', LA, { name: 'Asesora Uno' });
    await k.ok(Q.assign, { id: alertId, advisorId: x.id }, await operatorToken('losangeles'));
    // The phone's live stream, open through the cancel and after.
    let firstFrame!: () => void;
    const started = new Promise<void>((resolve) => (firstFrame = resolve));
    // From the start (after: 0), as a phone resuming its stream does: a stream without a cursor starts at
    // whatever the server has seen when it subscribes, and with PostgreSQL's notifications in flight the two
    // sides would differ by the test's timing (the assignment seen or not), not by the PIN.
    const live = overWs(f.server.url, token, DOCS.PersonAlertUpdates!, { alertId, after: '0', language: 'es' }, 60_000, firstFrame);
    await started; // open through the cancel: it has already answered
    return { token, alertId, pin, live };
  }

  /** Everything the phone may ask, over HTTP and WebSocket, normalised. */
  async function phone(s: Side): Promise<string[]> {
    const ask: Array<[string, Record<string, unknown>]> = [
      [DOCS.PersonMe!, {}],
      [DOCS.PersonAlert!, { id: s.alertId, language: 'es' }],
      [DOCS.PersonAlert!, { id: s.alertId, language: 'en' }],
      [DOCS.PersonCancelAlert!, { id: s.alertId, pin: CANCEL }],
      [DOCS.PersonCancelAlert!, { id: s.alertId, pin: DURESS }],
      [DOCS.PersonUpdateAlertLocation!, { id: s.alertId, location: { lat: 34.06, lon: -118.25 } }],
      [DOCS.PersonAlertUpdates!, { alertId: s.alertId, after: '0', language: 'es' }],
      [DOCS.PersonAlertUpdates!, { alertId: s.alertId, language: 'es' }],
      [DOCS.PersonCities!, {}],
      [DOCS.PersonUpdateProfile!, { input: { preferredLanguage: 'es' } }],
    ];
    const out: string[] = [];
    for (const [doc, vars] of ask) {
      const subscription = doc.startsWith('subscription');
      if (!subscription) out.push(normalise(await overHttp(f.server.url, s.token, doc, vars)));
      out.push(normalise(await overWs(f.server.url, s.token, doc, vars)));
    }
    // With the safelist off, every field of the alert.
    out.push(normalise(await overHttp(open.url, s.token, FULL, { id: s.alertId })));
    out.push(normalise(await overWs(open.url, s.token, FULL, { id: s.alertId })));
    return out;
  }

  const same = async (real: Side, duress: Side, stage: string) => {
    const [a, b] = [await phone(real), await phone(duress)];
    for (let i = 0; i < a.length; i++) expect(b[i], `${stage}, answer ${i}`).toBe(a[i]);
  };

  it('after the cancel, a reassignment, location updates, retention and deleteMyData: identical answers and frames', async () => {
    const real = await side(CANCEL);
    const duress = await side(DURESS);
    const sup = await operatorToken('losangeles');
    for (const s of [real, duress]) {
      const r = await k.call(DOCS.PersonCancelAlert!, { id: s.alertId, pin: s.pin }, s.token);
      expect((r as GqlResult).errors).toBeUndefined();
    }
    // The live streams ended at the cancel, with the same frames.
    const [liveReal, liveDuress] = [await real.live, await duress.live];
    expect(liveReal.at(-1)).toBe('complete');
    expect(normalise(liveDuress)).toBe(normalise(liveReal));
    await same(real, duress, 'after the cancel');
    expect((await k.read(duress.alertId)).duress).toBe(true); // the control room still knows

    // The control room goes on with the duress alert: another advisor, on scene (refused for the real one).
    const y = await k.addAdvisor('losangeles', LA, { name: 'Asesor Dos' });
    for (const s of [real, duress]) {
      await k.call(Q.reassign, { id: s.alertId, advisorId: y.id }, sup);
      await k.call(Q.progress, { id: s.alertId, status: 'ON_SCENE' }, sup);
    }
    expect((await k.read(duress.alertId)).status).toBe('ON_SCENE');
    await same(real, duress, 'after a reassignment and location updates');

    await runRetention(f.t.db, 0);
    await same(real, duress, 'after retention');

    for (const s of [real, duress]) expect(await k.call(DOCS.PersonDeleteMyData!, {}, s.token)).toMatchObject({ data: { deleteMyData: true } });
    await same(real, duress, 'after deleteMyData');
    // Still open for the control room, with its precise location: help on its way is not cut off.
    expect(await k.read(duress.alertId)).toMatchObject({ status: 'ON_SCENE', duress: true });
  }, 120_000);

  it('without retention, deleteMyData alone makes both alerts disappear from the phone alike', async () => {
    const real = await side(CANCEL);
    const duress = await side(DURESS);
    for (const s of [real, duress]) await k.ok(DOCS.PersonCancelAlert!, { id: s.alertId, pin: s.pin }, s.token);
    await Promise.all([real.live, duress.live]);
    for (const s of [real, duress]) await k.ok(DOCS.PersonDeleteMyData!, {}, s.token);
    await same(real, duress, 'after deleteMyData');
    expect(await k.call(DOCS.PersonAlert!, { id: duress.alertId, language: 'es' }, duress.token)).toMatchObject({ data: { alert: null } });
  }, 120_000);
});
