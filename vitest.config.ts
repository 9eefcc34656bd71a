import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Integration tests bind fixed loopback ports (Kamailio 5060/8080, SIPp 5071+): one file at a time.
    fileParallelism: false,
  },
});
