import { defineConfig } from 'vitest/config';

const redisTests = ['src-main/**/*.redis.test.ts'];

/**
 * Four projects: pure unit tests, renderer component tests (jsdom), and the Redis integration
 * suite twice — once against a single redis-server and once against a 3+3 cluster, each started
 * by the harness on free loopback ports in globalSetup and stopped afterwards.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          environment: 'node',
          include: ['shared/**/*.test.ts', 'src-main/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: redisTests,
        },
      },
      {
        extends: './vite.web.config.ts',
        test: {
          name: 'renderer',
          sequence: { groupOrder: 0 },
          environment: 'jsdom',
          include: ['src-renderer/**/*.test.ts', 'src-renderer/**/*.test.tsx'],
          setupFiles: ['src-renderer/test-setup.ts'],
        },
      },
      {
        test: {
          name: 'redis-single',
          environment: 'node',
          include: redisTests,
          globalSetup: ['src-main/testing/global-setup-single.ts'],
          // One file at a time, and after the unit projects: timing checks (SLOWLOG, failover
          // windows) measure Redis, not a 2-core machine busy with the other suite.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 60000,
          hookTimeout: 90000,
        },
      },
      {
        test: {
          name: 'redis-cluster',
          environment: 'node',
          include: redisTests,
          globalSetup: ['src-main/testing/global-setup-cluster.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          testTimeout: 90000,
          hookTimeout: 120000,
        },
      },
    ],
    maxWorkers: 2,
  },
});
