import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers of api/src, lowest first: domain (pure rules), db, sql, services, realtime, graphql, http.
 * A module imports from its own layer and those below it, never above (docs/DESIGN.md). `generated/enums`
 * (the schema's enums, importing nothing) is for everyone; `generated/graphql` (resolver types) for graphql/.
 */
const importsFrom = (dirs, message, allowTypeImports = false) => ({
  regex: `^(\\.\\.?/)+(${dirs.join('|')})(/|\\.js$)`,
  message,
  allowTypeImports,
});
const layerRule = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });
const ABOVE_SERVICES = ['realtime', 'graphql', 'http', 'generated/graphql', 'main'];

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'web/dist-e2e/', 'api/src/generated/', 'web/src/gql/', '.data/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', window: 'readonly', document: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  // Values inlined into SQL text go through api/src/sql/literal.ts only (typed, NUL/NaN/null refused).
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['api/src/sql/literal.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'pg', importNames: ['escapeLiteral'], message: 'inline values with api/src/sql/literal.ts (SqlLiteral), not escapeLiteral' }] }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[property.name='escapeLiteral']", message: 'inline values with api/src/sql/literal.ts (SqlLiteral), not escapeLiteral' }],
    },
  },
  // Command-line tools and the entry point talk to a person on a terminal.
  { files: ['api/src/cli/**', 'api/src/main.ts', 'seeds/src/import-shared.ts', 'api/bench/**'], rules: { 'no-console': 'off' } },
  { files: ['**/*.test.ts', '**/*.test.tsx', 'api/test/**', 'web/test/**'], rules: { 'no-console': 'off' } },
  // `as never` silences the compiler wherever it stands; type the value instead (issue 18).
  {
    files: ['api/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: 'TSAsExpression > TSNeverKeyword, TSTypeAssertion > TSNeverKeyword', message: "No 'as never': type the value (the generated enums, a narrower parameter)." },
        { selector: 'TSAsExpression > TSArrayType > TSNeverKeyword', message: "No 'as never[]': type the value." },
      ],
    },
  },
  { files: ['api/src/domain/**/*.ts'], rules: layerRule(
    importsFrom(['db', 'services', ...ABOVE_SERVICES], 'domain/ is pure rules: it imports no database, service or transport.'),
    importsFrom(['sql'], 'domain/ may name the row types of sql/, nothing else of it.', true),
  ) },
  { files: ['api/src/db/**/*.ts'], rules: layerRule(
    importsFrom(['services', ...ABOVE_SERVICES], 'db/ opens and migrates the database; what runs on it imports db/, not the reverse.'),
    // The query surface takes inlined statements only as sql/literal.ts's SqlLiteral (one door for inlined SQL).
    importsFrom(['sql'], 'db/ may name the SqlLiteral type of sql/literal.ts, nothing else of sql/.', true),
  ) },
  { files: ['api/src/sql/**/*.ts'], rules: layerRule(importsFrom(['services', ...ABOVE_SERVICES], 'sql/ is statements and rows: services, streams and transports build on it.')) },
  { files: ['api/src/services/**/*.ts'], rules: layerRule(importsFrom(ABOVE_SERVICES, 'services/ are the use cases: streams and transports call them, not the reverse.')) },
  // sms/ is a use case reached by text message (its webhooks are an adapter in http/), auth/ checks tokens: both below the transports.
  { files: ['api/src/sms/**/*.ts', 'api/src/auth/**/*.ts'], rules: layerRule(importsFrom(ABOVE_SERVICES, 'sms/ and auth/ sit beside services/: the transports mount them, not the reverse.')) },
  { files: ['api/src/graphql/**/*.ts'], rules: layerRule(importsFrom(['http', 'main'], 'graphql/ is below the transports: move the shared piece down (e.g. api/src/rateWindow.ts).', false)) },
  { files: ['api/src/realtime/**/*.ts'], rules: layerRule(importsFrom(['graphql', 'http', 'generated/graphql', 'main'], 'realtime/ is below the GraphQL layer: move the shared piece down (e.g. realtime/revealedReads.ts).')) },
  { files: ['api/src/config.ts', 'api/src/configOps.ts', 'api/src/networkConfig.ts', 'api/src/log.ts', 'api/src/boundedMemo.ts', 'api/src/envValues.ts', 'api/src/rateWindow.ts'], rules: layerRule(
    importsFrom(['db', 'sql', 'services', ...ABOVE_SERVICES], 'Configuration and utilities are imported by every layer and import none of them.'),
  ) },
  // seeds/ is the reference data and its loader; api/ seeds the database it opens, so seeds/ imports nothing of api/.
  { files: ['seeds/src/**/*.ts'], rules: layerRule({ regex: '^(\\.\\.?/)+api/', message: 'seeds/src imports nothing from api/ (the db types it needs are in seeds/src/queryable.ts).' }) },
);
