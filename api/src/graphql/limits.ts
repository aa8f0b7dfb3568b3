import { specifiedRules, type ValidationRule } from 'graphql';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { NoSchemaIntrospectionCustomRule } from 'graphql';

/** Limits applied identically on HTTP (Apollo validationRules) and WebSocket (graphql-ws onSubscribe). */
export const LIMITS = { depth: 8, aliases: 15, directives: 10, cost: 5000, tokens: 1000 } as const;

export function limitRules(opts: { introspection: boolean }): ValidationRule[] {
  const rules: ValidationRule[] = [
    // ignoreIntrospection: false, so an operation named __schema cannot slip past the limits
    maxDepthRule({ n: LIMITS.depth, flattenFragments: true, ignoreIntrospection: false, exposeLimits: false }),
    maxAliasesRule({ n: LIMITS.aliases, exposeLimits: false }),
    maxDirectivesRule({ n: LIMITS.directives, exposeLimits: false }),
    costLimitRule({ maxCost: LIMITS.cost, ignoreIntrospection: false, exposeLimits: false }),
  ];
  if (!opts.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

/** Every rule graphql-js applies by default plus ours (graphql-ws runs `validate` with these). */
export const allRules = (opts: { introspection: boolean }): ValidationRule[] => [...specifiedRules, ...limitRules(opts)];

/** Parses with a token budget: a 1,000-token document is refused before it is built. */
export function parseWithTokenLimit(source: string) {
  return new MaxTokensParserWLexer(source, { n: LIMITS.tokens, exposeLimits: false }).parseDocument();
}
