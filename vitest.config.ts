import { defineConfig } from 'vitest/config';

// One run, several projects: fast pure unit tests, and the slower suites that start real
// Chromium, s3rver, the Node server, workerd.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/poppler.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
