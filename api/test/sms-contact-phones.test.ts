import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { backends } from './support/db.js';
import { eventually, operatorToken, personToken, supervisorToken } from './support/server.js';
import { CITY, Q } from './support/dispatch.js';
import { smsFixture, smsTestConfig } from './support/twilioFake.js';
import { sealLegacyContactPhones } from '../src/sms/contactPhones.js';
import { phoneVault } from '../src/sms/phoneVault.js';

/**
 * Trusted contacts' numbers (docs/SMS.md, "Personal data"): sealed in the profile row (migration 0017),
 * opened only to text them and for the person's own view; never in clear in the database, never to staff.
 */
describe.each(backends())('trusted contacts\' numbers sealed on %s', (backend) => {
  const { f, k } = smsFixture(backend, 50);
  const vault = () => phoneVault(smsTestConfig(f.fake.url).phoneKey);
  const DIGITS = '3105550177';
  const TYPED = '+1 (310) 555-0177';
  const rowText = async (id: string) => (await k.sql<{ t: string }>(`select trusted_contacts::text as t from persons where id = $1`, [id]))[0]!.t;

  it('the row holds no clear number; the person sees it as typed; the outbox texts it; staff never see it', async () => {
    const input = { displayName: 'Rosa', cancelPin: '1234', duressPin: '9999', trustedContacts: [{ name: 'Ana', phone: TYPED, notify: true }] };
    const { registerPerson } = await k.ok(Q.register, { input }, undefined as never);
    const id = registerPerson.person.id as string;
    expect(registerPerson.person.trustedContacts).toEqual([{ name: 'Ana', phone: TYPED }]);
    const stored = await rowText(id);
    expect(stored).not.toMatch(/555.?0177/);
    expect(stored).toContain('"phoneEnc": "v1.');
    expect((await k.ok(`{ me { trustedContacts { name phone notify } } }`, {}, registerPerson.token)).me.trustedContacts).toEqual([{ name: 'Ana', phone: TYPED, notify: true }]);
    // A profile save that leaves the contacts alone keeps them sealed, and the number unchanged.
    await k.ok(`mutation { updateProfile(input: { displayName: "Rosa M" }) { id } }`, {}, registerPerson.token);
    expect(await rowText(id)).not.toMatch(/555.?0177/);

    const a = await k.raise(CITY.losangeles, registerPerson.token);
    await eventually(() => expect(f.fake.requests.some((r) => r.to === `+1${DIGITS}` && r.status === 201 && r.body.includes('Rosa M'))).toBe(true));
    expect((await k.sql(`select 1 from sms_outbox where to_enc || to_hmac || body like '%' || $1 || '%'`, [DIGITS.slice(3)])).length).toBe(0);

    // Staff: no query returns a Person; the alert as the console and a supervisor read it holds no number.
    for (const tok of [await operatorToken('losangeles'), await supervisorToken()]) {
      const seen = await k.call(Q.alert, { id: a.id }, tok);
      expect(seen.errors).toBeUndefined();
      expect(JSON.stringify(seen.data)).not.toMatch(/555.?0177/);
      expect((await k.call(`{ me { trustedContacts { phone } } }`, {}, tok)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('a clear number cannot be written any more (trigger), and rows from before 0017 are sealed at start', async () => {
    const id = randomUUID();
    const clear = JSON.stringify([{ name: 'Tío', phone: TYPED, notify: true }]);
    await expect(k.sql(`insert into persons (id, trusted_contacts) values ($1, $2::jsonb)`, [id, clear])).rejects.toThrow(/phoneEnc/);
    // A row as 0017 found it (written before the trigger existed).
    await k.sql(`alter table persons disable trigger persons_contacts_sealed`);
    try {
      await k.sql(`insert into persons (id, trusted_contacts) values ($1, $2::jsonb)`, [id, clear]);
    } finally {
      await k.sql(`alter table persons enable trigger persons_contacts_sealed`);
    }
    expect(await sealLegacyContactPhones(f.t.db, vault())).toBeGreaterThanOrEqual(1);
    expect(await sealLegacyContactPhones(f.t.db, vault())).toBe(0); // idempotent
    expect(await rowText(id)).not.toMatch(/555.?0177/);
    const me = await k.ok(`{ me { trustedContacts { name phone notify } } }`, {}, await personToken(id));
    expect(me.me.trustedContacts).toEqual([{ name: 'Tío', phone: TYPED, notify: true }]);
  });
});
