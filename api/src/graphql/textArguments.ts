import {
  defaultFieldResolver,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  type GraphQLArgumentConfig,
  type GraphQLFieldConfig,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { badInput } from '../domain/errors.js';

/** C0 controls, DEL and C1 controls: no key, id, name, phone, PIN or code has a use for them. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Free text where a line break or tab is ordinary; NUL is still removed (PostgreSQL text cannot hold it). */
const FREE_TEXT = new Set(['note']);
const NUL = String.fromCharCode(0);

/**
 * Every String and ID argument, also inside input objects and lists, is checked before its resolver runs,
 * on HTTP and WebSocket alike (one schema): a control character is BAD_USER_INPUT naming the field. A NUL
 * in `idempotencyKey` used to reach PostgreSQL, whose refusal ("invalid byte sequence") came back as an
 * internal error. In free text (`note`) NUL is dropped as the raise always did, and other text is kept.
 */
export function guardTextArguments(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => {
      const args = field.args ?? {};
      if (!Object.values(args).some((a) => holdsText(a.type, new Set()))) return field;
      type Resolver = NonNullable<GraphQLFieldConfig<unknown, unknown>['resolve']>;
      const guarded = (fn: Resolver): Resolver => (source, given, context, info) => fn(source, cleanArguments(args, given), context, info);
      return {
        ...field,
        resolve: guarded(field.resolve ?? defaultFieldResolver),
        ...(field.subscribe ? { subscribe: guarded(field.subscribe) } : {}),
      };
    },
  });
}

function holdsText(type: GraphQLInputType, seen: Set<string>): boolean {
  const t = getNullableType(type);
  if (isListType(t)) return holdsText(t.ofType, seen);
  if (isScalarType(t)) return t.name === 'String' || t.name === 'ID';
  if (!isInputObjectType(t) || seen.has(t.name)) return false;
  seen.add(t.name);
  return Object.values(t.getFields()).some((f) => holdsText(f.type, seen));
}

function cleanArguments(defs: Record<string, GraphQLArgumentConfig>, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...given };
  for (const [name, def] of Object.entries(defs)) if (name in out) out[name] = clean(out[name], def.type, name);
  return out;
}

function clean(value: unknown, type: GraphQLInputType, field: string): unknown {
  if (value === null || value === undefined) return value;
  const t = getNullableType(type);
  if (isListType(t)) return Array.isArray(value) ? value.map((v) => clean(v, t.ofType, field)) : clean(value, t.ofType, field);
  if (isInputObjectType(t)) {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [name, f] of Object.entries(t.getFields())) if (name in out) out[name] = clean(out[name], f.type, name);
    return out;
  }
  if (typeof value !== 'string' || !isScalarType(t) || (t.name !== 'String' && t.name !== 'ID')) return value;
  if (FREE_TEXT.has(field)) return value.replaceAll(NUL, '');
  if (CONTROL.test(value)) throw badInput(`${field} must not contain control characters`, field);
  return value;
}
