import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration and browser tests start a real Meilisearch (and Chromium); give them room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One engine per file; run files one at a time on a 2-core machine so timings stay sane.
    fileParallelism: false,
  },
});
