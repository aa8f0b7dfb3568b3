// The one module allowed to call escapeLiteral (eslint.config.js forbids it everywhere else).
import { escapeLiteral } from 'pg';

declare const brand: unique symbol;

/**
 * A value written into SQL text, quoted and typed: what statements sent without parameters (the dispatch
 * transaction's last message, a raise's first) carry instead of `$n`. Only the constructors below make one,
 * so an unescaped string cannot reach such a statement by mistake, and each refuses what would silently
 * change the statement's meaning: `escapeLiteral(null)` is `''`, `${NaN}` is a column name, and a NUL byte
 * cannot be sent in a text at all.
 */
export type SqlLiteral = string & { readonly [brand]: 'SqlLiteral' };

const literal = (s: string) => s as SqlLiteral;

/**
 * A text value, as an untyped quoted literal (PostgreSQL gives it the type its place asks for, as it does a
 * `$n`). Refuses a NUL byte, which PostgreSQL cannot store in a text.
 */
export function sqlText(s: string): SqlLiteral {
  if (typeof s !== 'string') throw new TypeError(`sqlText: not a string (${s === null ? 'null' : typeof s})`);
  if (s.includes('\0')) throw new TypeError('sqlText: a text inlined in SQL may not contain a NUL byte');
  return literal(escapeLiteral(s));
}

/** `sqlText`, or SQL null for null. */
export const sqlTextOrNull = (s: string | null): SqlLiteral => (s === null ? SQL_NULL : sqlText(s));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid (cast to `uuid`); anything else is refused here rather than by the server mid-transaction. */
export function sqlUuid(s: string): SqlLiteral {
  if (typeof s !== 'string' || !UUID.test(s)) throw new TypeError('sqlUuid: not a uuid');
  return literal(`'${s.toLowerCase()}'::uuid`);
}

/** A finite number, parenthesised (so `-1` stays one value); NaN and ±Infinity are refused. */
export function sqlNumber(n: number): SqlLiteral {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new TypeError(`sqlNumber: a value inlined in SQL must be a finite number, not ${String(n)}`);
  return literal(`(${n})`);
}

/** `sqlNumber`, or SQL null for null. */
export const sqlNumberOrNull = (n: number | null): SqlLiteral => (n === null ? SQL_NULL : sqlNumber(n));

/** A point in time (ISO 8601 with its zone, untyped like `sqlText`), from a valid Date only. */
export function sqlTimestamp(d: Date): SqlLiteral {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new TypeError('sqlTimestamp: not a valid Date');
  return literal(`'${d.toISOString()}'`);
}

/** A JSON value (cast to `json`). Texts inside are escaped by JSON; `undefined` and NUL are refused. */
export function sqlJson(v: unknown): SqlLiteral {
  const json = JSON.stringify(v);
  if (json === undefined) throw new TypeError('sqlJson: the value has no JSON form');
  // JSON writes NUL as \u0000, which PostgreSQL's json accepts but cannot turn back into text.
  if (json.includes('\\u0000')) throw new TypeError('sqlJson: a text inlined in SQL may not contain a NUL byte');
  return literal(`${escapeLiteral(json)}::json`);
}

export const SQL_NULL = literal('null');

/**
 * Fixed SQL written in the code (no value in it): the template may not interpolate anything, which the type
 * of its rest parameter enforces at compile time and the check below at run time.
 */
export function sqlConstant(strings: TemplateStringsArray, ...none: never[]): SqlLiteral {
  if (none.length || strings.length !== 1) throw new TypeError('sqlConstant: no value may be interpolated');
  return literal(strings[0]!);
}
