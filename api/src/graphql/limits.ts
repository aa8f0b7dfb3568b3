import { GraphQLError, parse, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { NoSchemaIntrospectionCustomRule } from 'graphql';

/** Limits applied identically on HTTP (Apollo validationRules) and WebSocket (graphql-ws onSubscribe). */
export const LIMITS = { depth: 8, aliases: 15, directives: 10, cost: 5000, tokens: 1000 } as const;

/**
 * graphql-armor rules *throw* on rejection by default, and a throw escapes graphql-js `validate`: Apollo
 * answered 500 INTERNAL_SERVER_ERROR and graphql-ws closed the whole socket (4500, the message as close
 * reason, every other subscription on it lost). Report the refusal as an ordinary validation error instead:
 * 400 GRAPHQL_VALIDATION_FAILED on HTTP, an `error` message for that one operation on WebSocket.
 */
const refuse = (what: string) => ({
  exposeLimits: false,
  propagateOnRejection: false,
  onReject: [(ctx: ValidationContext | null) => ctx?.reportError(new GraphQLError(`query refused: ${what}`))],
});

export function limitRules(opts: { introspection: boolean }): ValidationRule[] {
  const rules: ValidationRule[] = [
    // ignoreIntrospection: false, so an operation named __schema cannot slip past the limits
    maxDepthRule({ n: LIMITS.depth, flattenFragments: true, ignoreIntrospection: false, ...refuse('too deep') }),
    // allowList: [] counts `__typename` aliases too (graphql-armor exempts them by default): no client of ours
    // aliases __typename, and 16+ of them is an alias bomb like any other.
    maxAliasesRule({ n: LIMITS.aliases, allowList: [], ...refuse('too many aliases') }),
    maxDirectivesRule({ n: LIMITS.directives, ...refuse('too many directives') }),
    costLimitRule({ maxCost: LIMITS.cost, ignoreIntrospection: false, ...refuse('too costly') }),
  ];
  if (!opts.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}


/**
 * graphql-js's own token budget, aborting the parse at the 1,001st token. Given to Apollo as `parseOptions`
 * (a syntax error there is 400 GRAPHQL_PARSE_FAILED; the former check in a plugin hook threw, which Apollo
 * turned into 500 for every over-long or even merely malformed query) and used by the WebSocket path.
 */
export const PARSE_OPTIONS: ParseOptions = { maxTokens: LIMITS.tokens };

/** Parses with a token budget: a 1,000-token document is refused before it is built. */
export function parseWithTokenLimit(source: string) {
  return parse(source, PARSE_OPTIONS);
}
