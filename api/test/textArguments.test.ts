import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
import { backends } from './support/db.js';
import { personToken, serverFixture } from './support/server.js';
import { body, expectRefused, quietDispatch, TRANSPORTS } from './support/hostile.js';

/**
 * Issue 17 item 10: a control character in a key, id, name, phone or PIN is BAD_USER_INPUT naming the field,
 * on HTTP and WebSocket, with nothing written and no schema or database text in the message, in a
 * production configuration. (A NUL in `idempotencyKey` reached PostgreSQL and came back as an internal error.)
 */
const RAISE = 'mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) { id } }';
const REGISTER = 'mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { token } }';
const LA = { lat: 34.0522, lon: -118.2437 };

describe.each(backends().slice(0, 1))('control characters in text arguments (%s)', (backend) => {
  const f = serverFixture(backend, { ...quietDispatch(), production: true });
  const refused = { code: 'BAD_USER_INPUT', executed: true, status: 200, message: /must not contain control characters/ };

  describe.each(TRANSPORTS)('over %s', (t) => {
    it.each([
      ['a NUL', `key-${String.fromCharCode(0)}-x`],
      ['an escape sequence', `${String.fromCharCode(27)}[31mkey`],
      ['a line break', 'key\nsecond line'],
      ['a C1 control', `key${String.fromCharCode(0x85)}`],
    ])('%s in idempotencyKey is BAD_USER_INPUT naming the field, not an internal error', async (_what, key) => {
      const token = await personToken(randomUUID());
      await expectRefused(f, t, body(RAISE, { input: { location: LA, idempotencyKey: key } }), { ...refused, token, field: 'idempotencyKey' });
    });

    it('the same in a name, a phone, a PIN and an id', async () => {
      const pins = { cancelPin: '2468', duressPin: '1357' };
      await expectRefused(f, t, body(REGISTER, { input: { ...pins, displayName: `Ana${String.fromCharCode(0)}` } }), { ...refused, field: 'displayName' });
      await expectRefused(f, t, body(REGISTER, { input: { ...pins, trustedContacts: [{ name: 'Luis', phone: `+1 555 0100${String.fromCharCode(7)}` }] } }), { ...refused, field: 'phone' });
      await expectRefused(f, t, body(REGISTER, { input: { cancelPin: `24${String.fromCharCode(0)}68`, duressPin: '1357' } }), { ...refused, field: 'cancelPin' });
      const token = await personToken(randomUUID());
      await expectRefused(f, t, body('mutation($id: ID!) { cancelAlert(id: $id, pin: "1\\u00002") { id } }', { id: randomUUID() }), { ...refused, token, field: 'pin' });
      await expectRefused(f, t, body('mutation($id: ID!) { cancelAlert(id: $id, pin: "2468") { id } }', { id: `${randomUUID()}${String.fromCharCode(0)}` }), { ...refused, token, field: 'id' });
    });
  });
});
