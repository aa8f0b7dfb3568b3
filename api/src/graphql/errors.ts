import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, ErrorCode } from '../domain/errors.js';
import { log } from '../log.js';

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006',
  // read_only_sql_transaction: a write reached a server demoted to standby during a failover (db/primary.ts)
  '25006']);

/**
 * The one place errors leave the server, on HTTP and WebSocket alike. Expected failures keep their
 * message and stable code; anything else is logged (name and code only) and masked. Schema hints
 * ("Did you mean ...") are cut so a caller cannot map the schema by typos.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? null) : (error as Error | null);
  const path = formatted.path ? { path: formatted.path } : {};
  if (original instanceof AppError) {
    return { message: original.message, ...path, extensions: { code: original.code, ...original.details } };
  }
  const pgCode = (original as { code?: string } | null)?.code;
  // A full pool (requests queued past the connect timeout) is also "try again", not an internal fault, and
  // so is the next query on a client whose connection died a moment ago (a database restart mid-request):
  // node-postgres refuses it with a plain Error, no SQLSTATE.
  const poolTimeout = /timeout exceeded when trying to connect|Connection terminated|is not queryable/.test(original?.message ?? '');
  if (original && ((pgCode && CONNECTION_ERRORS.has(pgCode)) || poolTimeout)) {
    log.warn('graphql.db_unavailable', { code: pgCode ?? 'pool_timeout' });
    return { message: 'service temporarily unavailable; retry with the same idempotency key', ...path, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
    // Parse / validation / variable coercion errors: safe to show, minus schema hints.
    return { message: stripSuggestions(formatted.message), ...(formatted.locations ? { locations: formatted.locations } : {}), extensions: { code: publicCode(code) } };
  }
  // A request error (no path: variable coercion, unknown operation) is the caller's mistake. On WebSocket it
  // carries no code (Apollo adds BAD_USER_INPUT only on HTTP) and wraps the coercion's own GraphQLError,
  // so it used to fall through to "internal error" and be logged as unexpected.
  if (formatted.message && !formatted.path && (!original || original instanceof GraphQLError)) {
    return { message: stripSuggestions(formatted.message), extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  log.error('graphql.unexpected_error', { err: original ?? (error as Error), errName: original?.name, errCode: pgCode });
  return { message: 'internal error', ...path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

const PUBLIC_CODES = new Set<string>(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'PERSISTED_QUERY_NOT_FOUND', ...Object.values(ErrorCode)]);

function publicCode(code: string): string {
  return PUBLIC_CODES.has(code) ? code : ErrorCode.BAD_USER_INPUT;
}

/**
 * Removes schema hints and schema type names (graphql-js names the expected type in many messages:
 * `Expected type "LocationInput"`, `does not exist in "AlertKind" enum`, `Field "Query.consulates"`),
 * keeping what the caller sent. A caller must not learn the schema's types from its mistakes.
 */
export function stripSuggestions(message: string): string {
  return message
    .replace(/\s*Did you mean[^?]*\?/g, '')
    .replace(/ on type "[^"]+"/g, '')
    .replace(/objects of type "[^"]+" can never be of type "[^"]+"/g, 'the types can never match')
    .replace(/ of (required )?type "[^"]+"/g, '')
    .replace(/ expecting type "[^"]+"/g, ' expecting another type')
    .replace(/ in "[^"]+" enum/g, ' in enum')
    .replace(/\btypes? "[^"]+"( and "[^"]+")?/g, (m) => (m.startsWith('types') ? 'types' : 'type'))
    .replace(/"[A-Z][A-Za-z0-9_]*\.([A-Za-z_][A-Za-z0-9_]*)"/g, '"$1"');
}

/** Formats a list of errors the way `formatError` would, for the WebSocket path. */
export function formatErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((e) => formatError(e.toJSON(), e));
}
