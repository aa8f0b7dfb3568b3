import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'api/src/generated/', 'web/src/gql/', '.data/', 'test-artifacts/'] },
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
);
