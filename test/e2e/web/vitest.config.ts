import { defineConfig } from 'vitest/config';

/**
 * `npm run test:e2e`: the reference web app (examples/web) in headless Chromium against the gateway on the embedded
 * sandbox. Separate from the main suite because it needs Debian's chromium and builds the app first.
 */
export default defineConfig({
  resolve: {
    // As in the main config: one copy of graphql for the gateway's Node packages.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/e2e/web/**/*.test.ts'],
    globalSetup: ['test/e2e/web/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files at a time, one per core: each has its own sandbox, gateway, app server and browser, so they share
    // nothing; module loading and start-up overlap instead of adding up.
    maxWorkers: 2,
  },
});
