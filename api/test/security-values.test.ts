import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backends } from './support/db.js';
import { personToken, serverFixture } from './support/server.js';
import { body, expectAlive, expectRefused, quietDispatch, rowCounts, send, TRANSPORTS, type Transport } from './support/hostile.js';

/**
 * Checklist A9-A10 on every backend (PGlite and real PostGIS fail differently): coordinates and free text,
 * each over HTTP and WebSocket. Nothing reaches PostGIS that it could choke on, no database text leaks,
 * and accepted text is stored exactly as sent.
 */
const CONSULATE_AT = 'query($l: LocationInput!) { consulateAt(location: $l) { method consulate { id } } }';
const RAISE = `mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) {
  id consulate { id } jurisdictionMatch { method consulate { id } } } }`;
const LA = { lat: 34.0522, lon: -118.2437 };
const MADRID = { lat: 40.4, lon: -3.7 };
/** A request body with the location as raw JSON text (1e999 parses as Infinity; JSON.stringify cannot write it). */
const rawAt = (loc: string) => `{"query":${JSON.stringify(CONSULATE_AT)},"variables":{"l":${loc}}}`;
const rawRaise = (loc: string) => `{"query":${JSON.stringify(RAISE)},"variables":{"input":{"idempotencyKey":"k","location":${loc}}}}`;

describe.each(backends())('hostile values on %s', (backend) => {
  const f = serverFixture(backend, quietDispatch());
  const person = () => personToken(randomUUID());
  const raise = async (t: Transport, input: Record<string, unknown>) =>
    send(t, f.server.url, body(RAISE, { input: { location: LA, idempotencyKey: randomUUID(), ...input } }), await person());
  const storedNote = async (id: string) =>
    (await f.t.db.query<{ note: string | null }>('select note from alerts where id = $1', [id])).rows[0]!.note;

  describe.each(TRANSPORTS)('over %s', (t) => {
    it.each([
      ['latitude 1e999 (Infinity)', '{"lat":1e999,"lon":-118}'],
      ['longitude -1e999 (-Infinity)', '{"lat":34,"lon":-1e999}'],
      ['accuracy 1e999', '{"lat":34,"lon":-118,"accuracyM":1e999}'],
      ['a word', '{"lat":"north","lon":-118}'],
      ['numeric strings', '{"lat":"34.05","lon":"-118.24"}'],
      ['"NaN"', '{"lat":"NaN","lon":-118}'],
      ['null', '{"lat":null,"lon":-118}'],
      ['an array', '{"lat":[34],"lon":-118}'],
      ['an operator object', '{"lat":{"$gt":0},"lon":-118}'],
      ['a missing longitude', '{"lat":34}'],
    ])('A9 a coordinate given as %s is refused while coercing variables, before any SQL', async (_n, loc) => {
      await expectRefused(f, t, rawAt(loc), { code: 'BAD_USER_INPUT' });
      await expectRefused(f, t, rawRaise(loc), { code: 'BAD_USER_INPUT', token: await person() });
    });

    it.each([
      ['latitude 90.000001', '{"lat":90.000001,"lon":-118}', 'location.lat'],
      ['latitude -91', '{"lat":-91,"lon":-118}', 'location.lat'],
      ['longitude 180.5', '{"lat":34,"lon":180.5}', 'location.lon'],
      ['longitude -1e308', '{"lat":34,"lon":-1e308}', 'location.lon'],
      ['null island (0,0)', '{"lat":0,"lon":0}', 'location'],
      ['negative-zero island (-0,-0)', '{"lat":-0,"lon":-0}', 'location'],
      ['accuracy over 100 km', '{"lat":34,"lon":-118,"accuracyM":100001}', 'location.accuracyM'],
      ['negative accuracy', '{"lat":34,"lon":-118,"accuracyM":-5}', 'location.accuracyM'],
    ])('A9 %s is refused with BAD_USER_INPUT naming the field, nothing written', async (_n, loc, field) => {
      await expectRefused(f, t, rawAt(loc), { code: 'BAD_USER_INPUT', field, executed: true });
      await expectRefused(f, t, rawRaise(loc), { code: 'BAD_USER_INPUT', field, executed: true, token: await person() });
    });

    it('A9 Infinity written as a literal in the document is refused the same way', async () => {
      for (const doc of [
        '{ consulateAt(location: { lat: 1e999, lon: -118 }) { method } }',
        'mutation { raiseAlert(input: { location: { lat: 34, lon: -1e999 }, idempotencyKey: "lit" }) { id } }',
      ])
        await expectRefused(f, t, body(doc), { code: 'BAD_USER_INPUT', field: /lat: 1e999/.test(doc) ? 'location.lat' : 'location.lon', executed: true, token: await person() });
    });

    it('A9 a point outside the US (Madrid) routes to CIAM by policy; the poles, the antimeridian and 1e-300 route too', async () => {
      const at = await send(t, f.server.url, body(CONSULATE_AT, { l: MADRID }));
      expect(at.errors).toEqual([]);
      expect(at.data).toEqual({ consulateAt: { method: 'FALLBACK', consulate: { id: 'ciam' } } });
      for (const l of [{ lat: 90, lon: 180 }, { lat: -90, lon: -180 }, { lat: 51.4, lon: 179.2 }, { lat: 1e-300, lon: 1e-300 }]) {
        const r = await send(t, f.server.url, body(CONSULATE_AT, { l }));
        expect(r.errors).toEqual([]);
        expect(['CONTAINED', 'NEAREST', 'FALLBACK']).toContain((r.data as { consulateAt: { method: string } }).consulateAt.method);
      }
      const before = await rowCounts(f.t.db);
      const r = await send(t, f.server.url, body(RAISE, { input: { location: MADRID, idempotencyKey: 'madrid' } }), await person());
      expect(r.errors).toEqual([]);
      const alert = (r.data as { raiseAlert: { id: string; consulate: { id: string }; jurisdictionMatch: unknown } }).raiseAlert;
      expect(alert.consulate.id).toBe('ciam');
      expect(alert.jurisdictionMatch).toEqual({ method: 'FALLBACK', consulate: { id: 'ciam' } });
      expect((await rowCounts(f.t.db)).alerts).toBe(before.alerts + 1);
    });

    it.each([
      ['SQL injection', "'); drop table alerts; --"],
      ['SQL tautology', "' OR '1'='1' --"],
      ['stacked statements', '1; select pg_sleep(10); select pg_terminate_backend(pg_backend_pid()); --'],
      ['dollar quoting', '$$; drop table persons; $$ $tag$x$tag$'],
      ['JSON injection', '"},"status":"RESOLVED","personId":{"$ne":null},"x":{"'],
      ['prototype pollution', '{"__proto__":{"role":"SUPERVISOR"},"constructor":{"prototype":{}}}'],
      ['RTL override', 'ayuda \u202Eexe.gnp\u202C fin \u2067\u2069'],
      ['zero-width characters', 'a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf'],
      ['markup', '<script>alert(1)</script><img src=x onerror=alert(2)>'],
      ['placeholders and escapes', '%s %n $1 ${x} {{7*7}} \\x00 \\\' \\\\ \\u0000'],
      ['line breaks', 'línea 1\r\nlínea 2\n\tfin'],
      ['emoji and combining marks', '🚨👮🏽‍♂️ é e\u0301 𝕏 ﷽'],
      ['1,000 astral characters (the limit, 4,000 UTF-8 bytes)', '𝕏'.repeat(1000)],
    ])('A10 a note with %s is stored exactly as sent', async (_n, note) => {
      const r = await raise(t, { note });
      expect(r.errors).toEqual([]);
      expect(await storedNote((r.data as { raiseAlert: { id: string } }).raiseAlert.id)).toBe(note);
    });

    it('A10 NUL, which PostgreSQL text cannot hold, is dropped rather than failing the alert', async () => {
      const r = await raise(t, { note: 'a\u0000b' });
      expect(r.errors).toEqual([]);
      expect(await storedNote((r.data as { raiseAlert: { id: string } }).raiseAlert.id)).toBe('ab');
    });

    it('A10 an over-long note is refused with a length error; 100 KB never reaches the resolver', async () => {
      const raw = (note: string) => body(RAISE, { input: { location: LA, idempotencyKey: randomUUID(), note } });
      for (const note of ['𝕏'.repeat(1001), 'n'.repeat(50_000)]) {
        const r = await expectRefused(f, t, raw(note), { code: 'BAD_USER_INPUT', field: 'note', executed: true, token: await person() });
        expect(r.errors[0]!.message).toMatch(/at most 1000 characters/);
      }
      await expectRefused(f, t, raw('n'.repeat(100_000)), { code: 'PAYLOAD_TOO_LARGE', status: 413, wsClose: 1009, token: await person() });
    });
  });

  it('A10 the tables are all still there, and the server up, after the injection attempts', async () => {
    const r = await f.t.db.query<{ a: string | null; p: string | null; e: string | null }>(
      `select to_regclass('alerts')::text as a, to_regclass('persons')::text as p, to_regclass('alert_events')::text as e`,
    );
    expect(r.rows[0]).toEqual({ a: 'alerts', p: 'persons', e: 'alert_events' });
    expect((await rowCounts(f.t.db)).alerts).toBeGreaterThan(0);
    await expectAlive(f.server.url, 'http');
    await expectAlive(f.server.url, 'ws');
  });
});
