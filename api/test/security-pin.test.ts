import { describe, expect, it, beforeAll } from 'vitest';
import { backends } from './support/db.js';
import { eventually, operatorToken, serverFixture, testConfig, wsClient } from './support/server.js';
import { Q, dispatchKit, errorCode, types } from './support/dispatch.js';
import { PIN_LOCKOUT, classifyPin, hashPin } from '../src/auth/pins.js';
import { runRetention } from '../src/services/retention.js';

/**
 * Guessing the cancel PIN (docs/SECURITY.md, Abuse): after 5 wrong PINs for one person within 15
 * minutes every PIN gets the same RATE_LIMITED answer and the alert stays open; a duress PIN still
 * reaches the control room. Counted in the database, so the limit holds across processes.
 */
const LA = { lat: 34.05, lon: -118.25 };
const CANCEL = '1234';
const DURESS = '9999';
const LOCKED = { code: 'RATE_LIMITED', message: 'too many incorrect PINs; try again later' };

describe.each(backends())('cancel PIN guessing is limited on %s', (backend) => {
  const f = serverFixture(backend, { privacy: { ...testConfig().privacy, registrationsPerHour: 1000 } });
  const k = dispatchKit(f);
  // Nobody on duty: alerts stay open (ESCALATED) and nothing but the PINs changes them.
  beforeAll(() => k.offDuty());

  async function person() {
    const { registerPerson } = await k.ok(Q.register, { input: { cancelPin: CANCEL, duressPin: DURESS } }, undefined as never);
    return registerPerson as { token: string; person: { id: string } };
  }
  const cancel = (id: string, pin: string, tok: string) => k.call(Q.cancel, { id, pin }, tok);
  const failures = async (personId: string) =>
    (await k.sql<{ n: number }>('select count(*)::int as n from pin_failures where person_id = $1', [personId]))[0]!.n;
  /** Gives `n` wrong PINs one after another, each of which must be answered INCORRECT_PIN. */
  async function guessWrong(id: string, tok: string, n: number = PIN_LOCKOUT.maxFailures) {
    for (let i = 0; i < n; i++) expect(errorCode(await cancel(id, String(5000 + i), tok))).toBe('INCORRECT_PIN');
  }
  /** Moves the person's recorded failures (all, or the oldest `oldest`) back past the window. */
  async function age(personId: string, oldest?: number) {
    await k.sql(
      `update pin_failures set at = at - make_interval(secs => $2::float8)
       where id in (select id from pin_failures where person_id = $1 order by at, id limit $3)`,
      [personId, PIN_LOCKOUT.windowSeconds + 1, oldest ?? 1000],
    );
  }

  it('after 5 wrong PINs the cancel PIN is refused with RATE_LIMITED and the alert stays open, over HTTP and WebSocket', async () => {
    const p = await person();
    const alert = await k.raise(LA, p.token);
    const before = await k.read(alert.id);
    await guessWrong(alert.id, p.token);

    const r = await cancel(alert.id, CANCEL, p.token);
    expect(r.data).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]).toMatchObject({ message: LOCKED.message, extensions: { code: LOCKED.code } });

    // graphql-ws runs the same resolver: the same refusal.
    const client = wsClient(f.server.url, p.token);
    try {
      const overWs = await new Promise<unknown[]>((resolve, reject) => {
        const errors: unknown[] = [];
        client.subscribe({ query: Q.cancel, variables: { id: alert.id, pin: CANCEL } }, {
          next: (v) => errors.push(...(v.errors ?? [])),
          error: reject,
          complete: () => resolve(errors),
        });
      });
      expect(overWs).toMatchObject([{ message: LOCKED.message, extensions: { code: LOCKED.code } }]);
    } finally {
      await client.dispose();
    }

    const after = await k.read(alert.id);
    expect(after).toEqual(before);
    expect(after.status).not.toBe('CANCELLED');
    expect(types(after)).not.toContain('CANCELLED');
    expect(await failures(p.person.id)).toBe(PIN_LOCKOUT.maxFailures);
  });

  it('while locked out the cancel, duress and a wrong PIN get identical answers, yet the duress PIN reaches the control room as DURESS', async () => {
    const p = await person();
    const alert = await k.raise(LA, p.token);
    await guessWrong(alert.id, p.token);
    const status = (await k.read(alert.id)).status;

    const { status: _s1, ...byCancel } = await cancel(alert.id, CANCEL, p.token);
    const { status: _s2, ...byWrong } = await cancel(alert.id, '0000', p.token);
    expect((await k.read(alert.id)).duress).toBe(false); // nothing so far has changed the alert
    const { status: _s3, ...byDuress } = await cancel(alert.id, DURESS, p.token);
    const { status: _s4, ...byCancelAgain } = await cancel(alert.id, CANCEL, p.token);
    expect(byCancel.errors![0]).toMatchObject({ message: LOCKED.message, extensions: { code: LOCKED.code } });
    expect(byWrong).toEqual(byCancel);
    expect(byDuress).toEqual(byCancel);
    expect(byCancelAgain).toEqual(byCancel);
    expect([_s1, _s2, _s3, _s4]).toEqual([200, 200, 200, 200]);

    const seen = await k.read(alert.id, await operatorToken('losangeles'));
    expect(seen).toMatchObject({ status, duress: true });
    expect(types(seen).filter((t) => t === 'DURESS_SILENT')).toHaveLength(1);
    expect(types(seen)).not.toContain('CANCELLED');
    expect(seen.events.at(-1)).toMatchObject({ type: 'DURESS_SILENT', actorRole: 'PERSON', toStatus: status });
    // Nothing typed while locked out was counted, whichever PIN it was.
    expect(await failures(p.person.id)).toBe(PIN_LOCKOUT.maxFailures);
  });

  it('the phone cannot tell afterwards which PIN typed during a lockout was the duress PIN', async () => {
    const PHONE = `query($id: ID!) { alert(id: $id) { status duress flags offerCount offer { expiresAt } events { type toStatus note } } }`;
    const phoneView = async (id: string, tok: string) => (await k.ok(PHONE, { id }, tok)).alert;
    // Two people, two alerts, both locked out; one types the duress PIN, the other the cancel PIN.
    const [a, b] = [await person(), await person()];
    const [alertA, alertB] = [await k.raise(LA, a.token), await k.raise(LA, b.token)];
    await guessWrong(alertA.id, a.token);
    await guessWrong(alertB.id, b.token);
    expect(errorCode(await cancel(alertA.id, DURESS, a.token))).toBe('RATE_LIMITED');
    expect(errorCode(await cancel(alertB.id, CANCEL, b.token))).toBe('RATE_LIMITED');
    const [viewA, viewB] = [await phoneView(alertA.id, a.token), await phoneView(alertB.id, b.token)];
    expect(viewA).toEqual(viewB);
    expect(viewA).toMatchObject({ duress: false, flags: [] });
    expect(viewA.events.map((e: { type: string }) => e.type)).not.toContain('DURESS_SILENT');
    // The control room knows which one is under duress.
    expect((await k.read(alertA.id)).duress).toBe(true);
    expect((await k.read(alertB.id)).duress).toBe(false);

    // After the lockout, the next accepted PIN (here the cancel PIN) completes the duress cancel: the phone
    // shows CANCELLED as for any cancel, while the alert stays open for the control room.
    await age(a.person.id);
    const { cancelAlert } = await k.ok(Q.cancel, { id: alertA.id, pin: CANCEL }, a.token);
    expect(cancelAlert).toMatchObject({ status: 'CANCELLED', duress: false });
    const after = await k.read(alertA.id);
    expect(after).toMatchObject({ duress: true });
    expect(after.status).not.toBe('CANCELLED');
    expect(types(after)).toEqual(expect.arrayContaining(['DURESS_SILENT', 'DURESS']));
    // The other person's real cancel after their lockout is an ordinary cancel.
    await age(b.person.id);
    expect((await k.ok(Q.cancel, { id: alertB.id, pin: CANCEL }, b.token)).cancelAlert).toMatchObject({ status: 'CANCELLED' });
    expect((await k.read(alertB.id)).status).toBe('CANCELLED');
  });

  it('wrong PINs of one person do not lock another person', async () => {
    const guesser = await person();
    const other = await person();
    const mine = await k.raise(LA, guesser.token);
    await guessWrong(mine.id, guesser.token);
    expect(errorCode(await cancel(mine.id, CANCEL, guesser.token))).toBe('RATE_LIMITED');

    const theirs = await k.raise(LA, other.token);
    const { cancelAlert } = await k.ok(Q.cancel, { id: theirs.id, pin: CANCEL }, other.token);
    expect(cancelAlert).toMatchObject({ status: 'CANCELLED', duress: false });
    expect(await failures(other.person.id)).toBe(0);
  });

  it('failures age out of the 15-minute window one by one; once they all have, the cancel PIN cancels', async () => {
    const p = await person();
    const alert = await k.raise(LA, p.token);
    await guessWrong(alert.id, p.token);
    expect(errorCode(await cancel(alert.id, CANCEL, p.token))).toBe('RATE_LIMITED');

    // The oldest failure leaves the window: one more guess is answered, and it locks again.
    await age(p.person.id, 1);
    await guessWrong(alert.id, p.token, 1);
    expect(errorCode(await cancel(alert.id, CANCEL, p.token))).toBe('RATE_LIMITED');

    await age(p.person.id);
    const { cancelAlert } = await k.ok(Q.cancel, { id: alert.id, pin: CANCEL }, p.token);
    expect(cancelAlert).toMatchObject({ status: 'CANCELLED', duress: false });
    expect(types(await k.read(alert.id))).toContain('CANCELLED');
  });

  it('concurrent wrong guesses are all counted: exactly 5 are answered INCORRECT_PIN, the rest RATE_LIMITED', async () => {
    const p = await person();
    const alert = await k.raise(LA, p.token);
    const n = 7;
    const guess = () => Promise.all(Array.from({ length: n }, (_x, i) => cancel(alert.id, String(7000 + i), p.token).then(errorCode)));
    let codes: Array<string | undefined>;
    if (backend === 'postgres') {
      // A forced race: failures cannot be written until every guess is in flight and waiting. Without the
      // per-person lock all of them would read a count of 0 first, and all would be answered.
      const waiting = async () =>
        (await k.sql<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`))[0]!.n;
      const { pending } = await f.t.db.tx(async (q) => {
        await q.query('lock table pin_failures in exclusive mode');
        const inFlight = guess();
        await eventually(async () => expect(await waiting()).toBe(n));
        return { pending: inFlight };
      });
      codes = await pending;
    } else {
      codes = await guess(); // the embedded database runs one transaction at a time anyway
    }
    expect(codes.filter((c) => c === 'INCORRECT_PIN')).toHaveLength(PIN_LOCKOUT.maxFailures);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(n - PIN_LOCKOUT.maxFailures);
    expect(await failures(p.person.id)).toBe(PIN_LOCKOUT.maxFailures);
    expect(errorCode(await cancel(alert.id, CANCEL, p.token))).toBe('RATE_LIMITED');
    expect((await k.read(alert.id)).status).not.toBe('CANCELLED');
  });

  it.each([
    ['cancel', CANCEL],
    ['duress', DURESS],
  ])('a right (%s) PIN clears no failures: one more wrong PIN on the next alert locks the person out', async (_name, right) => {
    const p = await person();
    const first = await k.raise(LA, p.token);
    await guessWrong(first.id, p.token, PIN_LOCKOUT.maxFailures - 1);
    const { cancelAlert } = await k.ok(Q.cancel, { id: first.id, pin: right }, p.token);
    expect(cancelAlert.status).toBe('CANCELLED'); // what the phone sees either way

    const next = await k.raise(LA, p.token);
    await guessWrong(next.id, p.token, 1);
    expect(errorCode(await cancel(next.id, CANCEL, p.token))).toBe('RATE_LIMITED');
  });

  it('the retention pass deletes failures that no longer count and keeps those that do', async () => {
    const p = await person();
    const alert = await k.raise(LA, p.token);
    await guessWrong(alert.id, p.token, 3);
    await age(p.person.id, 2);
    await runRetention(f.t.db, f.server.config.privacy.retentionDays);
    expect(await failures(p.person.id)).toBe(1);
  });
});

describe('classifyPin', () => {
  it('tells the cancel PIN, the duress PIN and anything else apart, also when a hash is missing or unreadable', async () => {
    const hashes = { cancel: await hashPin(CANCEL), duress: await hashPin(DURESS) };
    expect(await classifyPin(CANCEL, hashes)).toBe('CANCEL');
    expect(await classifyPin(DURESS, hashes)).toBe('DURESS');
    expect(await classifyPin('0000', hashes)).toBe('WRONG');
    expect(await classifyPin(CANCEL, { cancel: hashes.cancel, duress: null })).toBe('CANCEL');
    expect(await classifyPin(DURESS, { cancel: 'scrypt$broken', duress: hashes.duress })).toBe('DURESS');
    expect(await classifyPin('', { cancel: null, duress: null })).toBe('WRONG');
  });
});
