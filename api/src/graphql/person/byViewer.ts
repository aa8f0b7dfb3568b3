import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { AppError, ErrorCode } from '../../domain/errors.js';
import type { Context } from '../context.js';

/** Per type, the resolver of every field a PERSON may be answered. */
export type PersonViews = Record<string, Record<string, GraphQLFieldResolver<never, Context, never>>>;

/**
 * For the types named in `views`, every field of the schema answers a PERSON with the person view's
 * resolver, never the staff one nor the default property read; a field the view does not name fails for a
 * person (FORBIDDEN) instead of leaking. Fields are taken from the schema itself, so a field added to the
 * schema later is closed to persons until the view names it (`api/test/person-view.test.ts`).
 */
export function applyPersonViews(schema: GraphQLSchema, views: PersonViews): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const view = views[typeName];
      if (!view) return field;
      const staff = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, Context>;
      const person = view[fieldName] as GraphQLFieldResolver<unknown, Context> | undefined;
      return {
        ...field,
        resolve: (src, args, ctx: Context, info) => {
          if (ctx?.viewer?.role !== 'PERSON') return staff(src, args, ctx, info);
          if (!person) throw new AppError(ErrorCode.FORBIDDEN, `${typeName}.${fieldName} is not shown to persons`);
          return person(src, args, ctx, info);
        },
      };
    },
  });
}
