import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers/index.js';
import { applyAuthDirectives } from './authDirective.js';
import { guardTextArguments } from './textArguments.js';
import { applyPersonViews } from './person/byViewer.js';
import { PERSON_VIEWS } from './person/views.js';
import { recordWrites } from './recordWrites.js';

export const SCHEMA_DIR = fileURLToPath(new URL('../../../schema/', import.meta.url));

export function loadTypeDefs(): string {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(SCHEMA_DIR + f, 'utf8'))
    .join('\n');
}

/**
 * The executable schema: SDL from schema/, resolvers, text arguments guarded, each caller's writes noted
 * (recordWrites.ts), the declared authorization applied, and a PERSON answered from the person's views of
 * the alert types only (graphql/person/).
 */
export function buildSchema(): GraphQLSchema {
  const schema = recordWrites(guardTextArguments(makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers })));
  return applyAuthDirectives(applyPersonViews(schema, PERSON_VIEWS));
}
