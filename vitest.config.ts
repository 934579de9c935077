import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reference provider and the conformance runs bind loopback ports; keep workers few on 2 cores.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
