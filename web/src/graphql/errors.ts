import type { CombinedError } from 'urql';

/**
 * The code to show for a failed request: the server's `extensions.code` (see schema/README.md), or
 * NETWORK when the request never got an answer. An operator reads it out to support, so it stays visible.
 */
export function errorCode(error: Pick<CombinedError, 'graphQLErrors' | 'networkError'>): string {
  for (const e of error.graphQLErrors) {
    const code = e.extensions?.code;
    if (typeof code === 'string' && code) return code;
  }
  return error.networkError ? 'NETWORK' : 'UNKNOWN';
}

/** The server's own message for the first GraphQL error, for detail beside the translated text. */
export function errorMessage(error: Pick<CombinedError, 'graphQLErrors' | 'message'>): string {
  return error.graphQLErrors[0]?.message ?? error.message;
}

/** The server refused our token (over HTTP: 401 / UNAUTHENTICATED): retrying will not help, signing in will. */
export function isTokenRejection(error: Pick<CombinedError, 'graphQLErrors' | 'networkError' | 'response'>): boolean {
  const status = (error.response as { status?: unknown } | undefined)?.status;
  return status === 401 || errorCode(error) === 'UNAUTHENTICATED';
}
