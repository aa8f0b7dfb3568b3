import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from '../../domain/errors.js';

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  serialize: (v) => (v instanceof Date ? v : new Date(v as string)).toISOString(),
  parseValue: (v) => {
    const d = new Date(v as string);
    if (typeof v !== 'string' || Number.isNaN(d.getTime())) throw badInput('DateTime must be an ISO-8601 string');
    return d;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || Number.isNaN(new Date(ast.value).getTime())) throw badInput('DateTime must be an ISO-8601 string');
    return new Date(ast.value);
  },
});
