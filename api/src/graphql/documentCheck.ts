import { GraphQLError, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { BoundedMemo } from '../boundedMemo.js';
import { limitRules, parseWithTokenLimit } from './limits.js';
import { budgetRefusal, repeatRefusal } from './documentBudget.js';
import { log } from '../log.js';

/** Distinct document texts whose outcome is kept (least recently used go first). */
export const DOCUMENT_CACHE_SIZE = 1000;
/**
 * Longer texts are checked every time, never kept: the apps' documents are a few hundred characters, and
 * 1,000 kept texts of up to a message's 64 KB would let anyone pin 64 MB of memory.
 */
export const MAX_CACHED_DOCUMENT_CHARS = 8 * 1024;

export type Checked = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/**
 * A document text's checks, cheapest first, the same for HTTP and WebSocket: (the transport has already
 * capped its size) parse with the token limit, the linear shape budget, the limit rules (depth, aliases,
 * directives, cost), the repeated-field budget, then graphql-js's own rules. Each step runs only on what the previous one let
 * through, so no step meets a document large enough to be slow (api/bench/documentChecks.ts). The
 * safelist, for the roles under it, comes after (callers). Errors carry the codes Apollo uses.
 */
export function createDocumentChecker(schema: GraphQLSchema, opts: { introspection: boolean }) {
  const limits = limitRules(opts);
  // Parsed and validated once per document text: an officer's app sends the same location mutation every
  // few seconds over its socket, and validation (with the limit rules) cost more than executing it.
  const memo = new BoundedMemo(DOCUMENT_CACHE_SIZE, (query: string) => checkDocument(schema, query, limits));
  return {
    check: (query: string): Checked => (query.length <= MAX_CACHED_DOCUMENT_CHARS ? memo.get(query) : checkDocument(schema, query, limits)),
  };
}

export type DocumentChecker = ReturnType<typeof createDocumentChecker>;

function checkDocument(schema: GraphQLSchema, query: string, limits: ValidationRule[]): Checked {
  let document;
  try {
    document = parseWithTokenLimit(query);
  } catch (err) {
    return { errors: [withCode(err instanceof GraphQLError ? err : new GraphQLError('invalid query'), 'GRAPHQL_PARSE_FAILED')] };
  }
  const overBudget = budgetRefusal(document);
  if (overBudget) return refused([new GraphQLError(overBudget)]);
  const limited = validateSafely(schema, document, limits);
  if (limited.length > 0) return refused(limited);
  const repeated = repeatRefusal(document);
  if (repeated) return refused([new GraphQLError(repeated)]);
  const invalid = validateSafely(schema, document, specifiedRules);
  return invalid.length > 0 ? refused(invalid) : { document };
}

function validateSafely(schema: GraphQLSchema, document: DocumentNode, rules: readonly ValidationRule[]): readonly GraphQLError[] {
  try {
    return validate(schema, document, rules);
  } catch (err) {
    // A rule that throws must refuse this one operation; thrown out of onSubscribe it made graphql-ws
    // close the whole socket (4500, message as close reason), dropping every other subscription on it.
    log.warn('graphql.validation_threw', { errName: (err as Error).name });
    return [new GraphQLError('query refused')];
  }
}

const refused = (errors: readonly GraphQLError[]): Checked => ({ errors: errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')) });

/** The same failure gets the same `extensions.code` as on HTTP, where Apollo sets it (formatError keeps it). */
export function withCode(e: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...e.extensions, code } });
}
