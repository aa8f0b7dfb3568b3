import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql instance: dependencies load its CommonJS build, so our code must too
    // (two copies fail with "Cannot use GraphQLSchema from another module or realm").
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['api/test/**/*.test.ts', 'seeds/test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}', 'web/test/**/*.test.ts'],
    // Builds the migrated, seeded template databases once; each test file clones its own copy.
    globalSetup: ['api/test/support/globalSetup.ts'],
    // Every worker's logs are captured and checked for tokens, coordinates and phone numbers.
    setupFiles: ['api/test/support/captureLogs.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // A worker runs its files one after another in one process, so an embedded database a file gives back is
    // restored for the next instead of opened again (~5 s of CPU each: api/test/support/pglitePool.ts).
    // Files share loaded modules: a file must not leave module state, timers or env variables changed.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
