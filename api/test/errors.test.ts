import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { formatError } from '../src/graphql/errors.js';

/**
 * Database trouble is "try again", never an internal error: the person's phone retries a raise with the
 * same idempotency key only on SERVICE_UNAVAILABLE (docs/MOBILE.md, retry rules).
 */
const format = (err: Error) => formatError({ message: err.message, path: ['raiseAlert'] }, new GraphQLError(err.message, { originalError: err }));

describe('formatError for database failures', () => {
  it.each([
    ['a terminated connection (SQLSTATE 57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a full pool', new Error('timeout exceeded when trying to connect')],
    ['a connection that ended mid-query', new Error('Connection terminated unexpectedly')],
    ['the next query on a client whose connection just died', new Error('Client has encountered a connection error and is not queryable')],
  ])('%s is SERVICE_UNAVAILABLE, retryable, with no detail', (_name, err) => {
    const out = format(err);
    expect(out.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(out.message).not.toContain(err.message);
  });

  it('anything else unexpected stays a masked INTERNAL_SERVER_ERROR', () => {
    const out = format(new Error('relation "secret_table" does not exist'));
    expect(out).toMatchObject({ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
