import { defaultFieldResolver, type GraphQLSchema, type GraphQLFieldConfig } from 'graphql';
import { MapperKind, getDirective, mapSchema } from '@graphql-tools/utils';
import { AppError, ErrorCode } from '../domain/errors.js';
import type { Role } from '../domain/viewer.js';
import type { Context } from './context.js';

const ROOTS = [MapperKind.QUERY_ROOT_FIELD, MapperKind.MUTATION_ROOT_FIELD, MapperKind.SUBSCRIPTION_ROOT_FIELD] as const;

/** Root fields lacking both `@public` and `@auth`: the server refuses to start with any (fail closed). */
export function undeclaredRootFields(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const isPublic = getDirective(schema, field, 'public')?.length;
      const auth = getDirective(schema, field, 'auth')?.length;
      if (!isPublic && !auth) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing;
}

/** Wraps each root field's resolve and subscribe with the role check its directive declares. */
export function applyAuthDirectives(schema: GraphQLSchema): GraphQLSchema {
  const missing = undeclaredRootFields(schema);
  if (missing.length > 0) throw new Error(`root fields without @public or @auth: ${missing.join(', ')}`);
  const wrap = (field: GraphQLFieldConfig<unknown, Context>) => {
    const auth = getDirective(schema, field, 'auth')?.[0] as { roles: Role[] } | undefined;
    if (!auth) return field; // @public
    const check = (ctx: Context) => {
      if (!ctx.viewer) throw new AppError(ErrorCode.UNAUTHENTICATED, 'a valid token is required');
      if (!auth.roles.includes(ctx.viewer.role)) throw new AppError(ErrorCode.FORBIDDEN, 'not allowed');
    };
    const resolve = field.resolve ?? defaultFieldResolver;
    const out: GraphQLFieldConfig<unknown, Context> = {
      ...field,
      resolve: (src, args, ctx, info) => {
        check(ctx);
        return resolve(src, args, ctx, info);
      },
    };
    if (field.subscribe) {
      const subscribe = field.subscribe;
      out.subscribe = (src, args, ctx, info) => {
        check(ctx);
        return subscribe(src, args, ctx, info);
      };
    }
    return out;
  };
  return mapSchema(schema, Object.fromEntries(ROOTS.map((k) => [k, wrap])));
}
