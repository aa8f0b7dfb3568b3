import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { cloneTestDb, type TestDb } from './support/db.js';
import { describePostgres } from './support/postgresOnly.js';
import { sqlNumber } from '../src/sql/literal.js';
import { transactionOn } from '../src/db/pg.js';

/**
 * A transaction on PostgreSQL sends BEGIN with its first statement when that statement has no parameters
 * (one message, one round trip), and otherwise just before it; it is the same transaction either way.
 */
describePostgres('BEGIN with the first statement', 'it watches the messages pg sends to the server', () => {
  let t: TestDb;
  let client: pg.Client;
  const sent: string[] = [];

  beforeAll(async () => {
    t = await cloneTestDb('postgres');
    client = new pg.Client({ connectionString: t.url! });
    await client.connect();
    await client.query('create temporary table lazy_begin (n int)');
    // Every message this process sends on the connection, by its text.
    const query = client.query.bind(client) as (c: unknown) => Promise<unknown>;
    (client as unknown as { query: (c: unknown) => Promise<unknown> }).query = (c: unknown) => {
      sent.push(typeof c === 'string' ? c : (c as { text: string }).text);
      return query(c);
    };
  });
  afterAll(async () => {
    await client.end();
    await t.dispose();
  });

  const xid = async (q: { query: (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> }, params?: unknown[]) =>
    String((await q.query('select txid_current() as x', params)).rows[0]!.x);
  const rows = async () => Number((await client.query('select count(*) as n from lazy_begin')).rows[0].n);

  it('sends BEGIN and a parameterless first statement in one message, and runs it inside the transaction', async () => {
    sent.length = 0;
    const tx = transactionOn(client);
    const first = await xid(tx.q);
    await tx.q.query('insert into lazy_begin values ($1)', [1]);
    expect(await xid(tx.q, [])).toBe(first); // one transaction id: the first statement was inside it
    await tx.commit();
    expect(sent[0]).toMatch(/^begin;\nselect txid_current\(\)/);
    expect(sent.filter((s) => /^begin\b/.test(s))).toHaveLength(1);
    expect(sent.at(-1)).toBe('commit');
    expect(await rows()).toBe(1);
  });

  it('sends BEGIN on its own before a first statement with parameters', async () => {
    sent.length = 0;
    const tx = transactionOn(client);
    await tx.q.query('insert into lazy_begin values ($1)', [2]);
    await tx.rollback();
    expect(sent.slice(0, 2)).toEqual(['begin', 'insert into lazy_begin values ($1)']);
    expect(sent.at(-1)).toBe('rollback');
    expect(await rows()).toBe(1);
  });

  it('rolls back what came before when the first statement fails, and the connection goes on', async () => {
    const tx = transactionOn(client);
    await expect(tx.q.query('select 1/0')).rejects.toThrow(/division by zero/);
    await tx.rollback();
    const next = transactionOn(client);
    await next.q.query('insert into lazy_begin values (3)');
    await next.rollback();
    expect(await rows()).toBe(1);
  });

  it('puts BEGIN in the committing message when that message is all the transaction sends', async () => {
    sent.length = 0;
    const tx = transactionOn(client);
    const [ins, read] = await tx.q.queryAndCommit!(['insert into lazy_begin values (4)', 'select count(*)::int as n from lazy_begin']);
    expect(ins!.rowCount).toBe(1);
    expect(read!.rows).toEqual([{ n: 2 }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^begin;\ninsert into lazy_begin values \(4\);\nselect count.*;\ncommit$/);
    await tx.commit(); // nothing more to send
    expect(sent).toHaveLength(1);
    expect(await rows()).toBe(2);
  });

  it('sends BEGIN and several statements in one message, a later one seeing what an earlier one did', async () => {
    sent.length = 0;
    const tx = transactionOn(client);
    const [set, ins, read] = await tx.q.queryAll!([
      `select set_config('alerta.lazy_begin', '7', true) as v`,
      `insert into lazy_begin select current_setting('alerta.lazy_begin')::int`,
      'select count(*)::int as n, max(n) as m from lazy_begin',
    ]);
    expect(set!.rows).toEqual([{ v: '7' }]);
    expect(ins!.rowCount).toBe(1);
    expect(read!.rows).toEqual([{ n: 3, m: 7 }]);
    // Already begun: no second BEGIN; one statement alone comes back as a list of one result.
    expect(await tx.q.queryAll!(['select 1 as one'])).toEqual([{ rows: [{ one: 1 }], rowCount: 1 }]);
    await tx.rollback();
    expect(sent[0]).toMatch(/^begin;\nselect set_config.*;\ninsert into lazy_begin .*;\nselect count/);
    expect(sent.slice(1)).toEqual(['select 1 as one', 'rollback']);
    expect(await rows()).toBe(2);
    // The setting was the transaction's own.
    expect((await client.query(`select current_setting('alerta.lazy_begin', true) as v`)).rows[0].v).toBe('');
  });

  it('prepares a statement it executes in the same message, once per connection', async () => {
    const double = { name: 'lazy_begin_double', text: 'select $1::int * 2 as d' };
    sent.length = 0;
    for (const n of [21, 4]) {
      const tx = transactionOn(client);
      const [r] = await tx.q.queryAll!([{ execute: double, args: [sqlNumber(n)] }]);
      expect(r!.rows).toEqual([{ d: n * 2 }]);
      await tx.commit();
    }
    expect(sent).toEqual([
      'begin;\nprepare "lazy_begin_double" as select $1::int * 2 as d;\nexecute "lazy_begin_double"((21))', 'commit',
      'begin;\nexecute "lazy_begin_double"((4))', 'commit',
    ]);
  });

  it('skips the rest of the message when a statement fails, and the transaction rolls back', async () => {
    const tx = transactionOn(client);
    await expect(tx.q.queryAll!(['insert into lazy_begin values (8)', 'select 1/0', 'insert into lazy_begin values (9)'])).rejects.toThrow(/division by zero/);
    await tx.rollback();
    expect(await rows()).toBe(2);
  });

  it('sends nothing for a transaction that ran no statement', async () => {
    sent.length = 0;
    const tx = transactionOn(client);
    await tx.commit();
    await tx.rollback();
    expect(sent).toEqual([]);
  });
});
