import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { gql, operatorToken, serverFixture } from './support/server.js';

describe.each(backends())('after a duress cancel (%s)', (backend) => {
  const f = serverFixture(backend);

  it('the phone keeps seeing the alert as it stood at the cancel, while the consulate assigns help', async () => {
    const reg = await gql(f.server.url, 'mutation { registerPerson(input: {cancelPin: "1234", duressPin: "9999"}) { token } }');
    const p = reg.data!.registerPerson.token as string;
    const id = (await gql(f.server.url, 'mutation($k: String!) { raiseAlert(input: {location: {lat: 34.05, lon: -118.25}, idempotencyKey: $k}) { id } }', { k: randomUUID() }, p)).data!.raiseAlert.id;
    const VIEW = `query($id: ID!) { alert(id: $id) { status offerCount duress assignedAdvisor { id } clocks { toOfferS toAcknowledgeS toOnSceneS } events { type } } }`;
    await gql(f.server.url, 'mutation($id: ID!) { cancelAlert(id: $id, pin: "9999") { id } }', { id }, p);
    const atCancel = (await gql(f.server.url, VIEW, { id }, p)).data!.alert;
    expect(atCancel).toMatchObject({ status: 'CANCELLED', duress: false, assignedAdvisor: null });

    // The control room acts: re-offers nothing, assigns an advisor, who arrives on scene.
    const op = await operatorToken('losangeles');
    const advisor = (await gql(f.server.url, '{ advisors { id active activeAlerts capacity } }', {}, op)).data!.advisors.find((a: { active: boolean; activeAlerts: number; capacity: number }) => a.active && a.activeAlerts < a.capacity).id;
    expect((await gql(f.server.url, 'mutation($id: ID!, $a: ID!) { assignAlert(id: $id, advisorId: $a) { status } }', { id, a: advisor }, op)).errors).toBeUndefined();
    await gql(f.server.url, 'mutation($id: ID!) { updateAlertStatus(id: $id, status: ON_SCENE) { status } }', { id }, op);
    const consulate = (await gql(f.server.url, VIEW, { id }, op)).data!.alert;
    expect(consulate).toMatchObject({ status: 'ON_SCENE', duress: true });
    expect(consulate.clocks.toAcknowledgeS).not.toBeNull();

    expect((await gql(f.server.url, VIEW, { id }, p)).data!.alert).toEqual(atCancel);
  });
});
