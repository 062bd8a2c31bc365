import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Vite would resolve `graphql` to index.mjs while Node packages (Pothos, Apollo) load index.js:
    // two copies of graphql, and "Cannot use GraphQLSchema from another module or realm".
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The browser tests have their own config and script (npm run test:e2e): they need Chromium and a built app.
    exclude: ['**/node_modules/**', 'test/e2e/web/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: run files in parallel, but not more workers than the machine has.
    maxWorkers: 2,
  },
});
