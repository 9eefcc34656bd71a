import { defineConfig } from 'vitest/config';

// `npm run test:docker`: the tests that need a Docker engine (test/docker/*.docker.test.ts), kept
// out of `npm test` so that a machine without Docker neither skips nor fails them there. Here they
// fail, saying what to run, when no engine answers: set one up with `bash scripts/docker-setup.sh`.
export default defineConfig({
  test: {
    include: ['test/docker/**/*.docker.test.ts'],
    testTimeout: 60_000,
    fileParallelism: false,
  },
});
