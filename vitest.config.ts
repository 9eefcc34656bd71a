import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Integration tests run real peers (Kamailio, SIPp) with timing-sensitive retransmissions: one file at a time on a 2-core machine.
    fileParallelism: false,
  },
});
