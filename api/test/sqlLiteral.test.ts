import { describe, expect, it } from 'vitest';
import { SQL_NULL, sqlConstant, sqlJson, sqlNumber, sqlNumberOrNull, sqlText, sqlTextOrNull, sqlTimestamp, sqlUuid } from '../src/sql/literal.js';

/** No database: each constructor's output is checked as text; what PostgreSQL makes of it is proven by raiseMessages.test.ts. */
describe('SqlLiteral: the only way a value is written into SQL text', () => {
  it.each([
    ['plain', 'abc', `'abc'`],
    ['a quote is doubled', `o'brien`, `'o''brien'`],
    ['a backslash makes it an E-string with the backslash doubled', 'a\\b', ` E'a\\\\b'`],
    ['a quote and a backslash together', `'\\`, ` E'''\\\\'`],
    ['empty stays empty, not null', '', `''`],
    ['a statement stays inside the quotes', `'); drop table alerts; --`, `'''); drop table alerts; --'`],
  ])('text: %s', (_name, value, sql) => {
    expect(sqlText(value)).toBe(sql);
  });

  it('text: a NUL byte is refused (PostgreSQL cannot store one in a text)', () => {
    expect(() => sqlText('a\0b')).toThrow(/NUL/);
  });

  it('text: null is refused, not written as an empty string (escapeLiteral(null) is \'\')', () => {
    expect(() => sqlText(null as unknown as string)).toThrow(/not a string/);
    expect(sqlTextOrNull(null)).toBe('null');
    expect(sqlTextOrNull('x')).toBe(`'x'`);
  });

  it('uuid: written lower-case and cast; anything else is refused', () => {
    expect(sqlUuid('0A1B2C3D-0000-4000-8000-00000000000F')).toBe(`'0a1b2c3d-0000-4000-8000-00000000000f'::uuid`);
    for (const bad of ['', 'not-a-uuid', `0a1b2c3d-0000-4000-8000-00000000000f' or '1'='1`, null as unknown as string]) expect(() => sqlUuid(bad)).toThrow(/uuid/);
  });

  it.each([
    ['an integer', 0, '(0)'],
    ['a negative number stays one value', -118.25, '(-118.25)'],
    ['an exponent', 1e21, '(1e+21)'],
  ])('number: %s', (_name, n, sql) => {
    expect(sqlNumber(n)).toBe(sql);
  });

  it.each([['NaN', Number.NaN], ['Infinity', Number.POSITIVE_INFINITY], ['-Infinity', Number.NEGATIVE_INFINITY], ['null', null as unknown as number], ['a numeric string', '1' as unknown as number]])(
    'number: %s is refused (it would change the statement\'s meaning)', (_name, n) => {
      expect(() => sqlNumber(n)).toThrow(/finite/);
    });

  it('number: null only where asked for', () => {
    expect(sqlNumberOrNull(null)).toBe(SQL_NULL);
    expect(sqlNumberOrNull(2.5)).toBe('(2.5)');
  });

  it('timestamp: ISO 8601 with its zone; an invalid Date is refused', () => {
    expect(sqlTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)))).toBe(`'2026-01-02T03:04:05.006Z'`);
    expect(() => sqlTimestamp(new Date(Number.NaN))).toThrow(/valid Date/);
  });

  it('json: escaped once, cast to json; quotes and backslashes inside survive', () => {
    expect(sqlJson([{ n: `it's`, p: 'a\\b' }])).toBe(` E'[{"n":"it''s","p":"a\\\\\\\\b"}]'::json`);
    expect(sqlJson(null)).toBe(`'null'::json`);
  });

  it('json: a NUL inside, or a value without JSON form, is refused', () => {
    expect(() => sqlJson({ n: 'a\0b' })).toThrow(/NUL/);
    expect(() => sqlJson(undefined)).toThrow(/JSON form/);
  });

  it('constant: fixed SQL only; an interpolated value is refused', () => {
    expect(sqlConstant`now()`).toBe('now()');
    const v = 'x';
    // @ts-expect-error -- the type forbids an interpolation; the run-time check backs it up
    expect(() => sqlConstant`select ${v}`).toThrow(/no value/);
  });
});
