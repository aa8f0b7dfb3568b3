import { defaultFieldResolver, type GraphQLFieldConfig, type GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { Context } from './context.js';

/**
 * Notes when each mutation of a caller ends (whatever its outcome: a failed one may have written part of
 * its work), so that caller's lag-tolerant reads see it (lagTolerantReads.ts). Over HTTP and WebSocket alike.
 */
export function recordWrites(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.MUTATION_ROOT_FIELD]: (field: GraphQLFieldConfig<unknown, Context>) => {
      const resolve = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve: async (src, args, ctx, info) => {
          try {
            return await resolve(src, args, ctx, info);
          } finally {
            if (ctx.viewer) ctx.recentWrites?.record(ctx.viewer.sub);
          }
        },
      };
    },
  });
}
