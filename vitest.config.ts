import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/collector/**'],
          environment: 'happy-dom',
          setupFiles: ['test/setup.ts'],
          unstubGlobals: true,
        },
      },
      {
        test: {
          // The reference collector, in Node, against PGlite and against a PostgreSQL server that the
          // global setup starts; some tests start collector processes, kill them, or flood them, so
          // one file at a time.
          name: 'collector',
          include: ['test/collector/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/collector/globalSetup.ts'],
          fileParallelism: false,
          testTimeout: 60000,
          hookTimeout: 120000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          // Real browsers on a 2-core machine: one file at a time, generous but bounded timeouts.
          fileParallelism: false,
          testTimeout: 60000,
          hookTimeout: 60000,
        },
      },
    ],
  },
})
