import { describe, expect, it } from 'vitest';
import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import { errorCode, errorMessage, isTokenRejection } from './errors';

describe('errorCode', () => {
  it("is the first GraphQL error's extensions.code", () => {
    const e = new CombinedError({ graphQLErrors: [new GraphQLError('already assigned', { extensions: { code: 'ALREADY_CLAIMED' } })] });
    expect(errorCode(e)).toBe('ALREADY_CLAIMED');
    expect(errorMessage(e)).toBe('already assigned');
  });

  it('is NETWORK when the server never answered', () => {
    expect(errorCode(new CombinedError({ networkError: new Error('Failed to fetch') }))).toBe('NETWORK');
  });

  it('is UNKNOWN for an error without a code', () => {
    expect(errorCode(new CombinedError({ graphQLErrors: [new GraphQLError('boom')] }))).toBe('UNKNOWN');
  });
});

describe('isTokenRejection', () => {
  it('is true for UNAUTHENTICATED or an HTTP 401, false otherwise', () => {
    expect(isTokenRejection(new CombinedError({ graphQLErrors: [new GraphQLError('bad token', { extensions: { code: 'UNAUTHENTICATED' } })] }))).toBe(true);
    expect(isTokenRejection(new CombinedError({ networkError: new Error('Unauthorized'), response: { status: 401 } }))).toBe(true);
    expect(isTokenRejection(new CombinedError({ graphQLErrors: [new GraphQLError('nope', { extensions: { code: 'FORBIDDEN' } })] }))).toBe(false);
    expect(isTokenRejection(new CombinedError({ networkError: new Error('Failed to fetch') }))).toBe(false);
  });
});
