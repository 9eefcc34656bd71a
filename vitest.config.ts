import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Docker tests run with `npm run test:docker` (vitest.docker.config.ts).
    exclude: [...configDefaults.exclude, 'test/docker/**/*.docker.test.ts'],
    testTimeout: 30_000,
    // Integration tests run real peers (Kamailio, SIPp) with timing-sensitive retransmissions: one file at a time on a 2-core machine.
    fileParallelism: false,
  },
});
