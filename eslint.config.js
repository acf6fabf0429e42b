// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'net',
  'http',
  'https',
  'child_process',
  'crypto',
  'url',
  'util',
  'events',
  'stream',
];

const mainPatterns = [
  { group: ['electron', 'electron/*'], message: 'Only src-main/electron/ (the adapter) imports electron.' },
  { group: ['**/src-renderer/**'], message: 'Main never imports the renderer.' },
];
const ioredisPattern = { group: ['ioredis'], message: 'ioredis stays inside src-main/redis/: use RedisHandle.' };

/** A folder of main that must not import some others (the "never" list of the design). */
function zone(folder, forbidden, why, { ioredis = true } = {}) {
  return {
    files: [`src-main/${folder}/**/*.ts`],
    // Tests may reach across layers to set up what they check (the harness, a queue to fill).
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...mainPatterns,
            ...(ioredis ? [ioredisPattern] : []),
            ...forbidden.map((f) => ({
              group: [`../${f}`, `../${f}/**`, `../../${f}/**`],
              message: `${why} (no ${f}/).`,
            })),
          ],
        },
      ],
    },
  };
}

/** The layering rule: renderer → shared ← main; only the Electron adapter imports electron. */
const boundaries = {
  shared: {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'shared/ is pure: no electron.' },
            { group: nodeBuiltins, message: 'shared/ is pure: no Node built-ins.' },
            {
              group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'recharts'],
              message: 'shared/ is pure: no React or DOM libraries.',
            },
            { group: ['ioredis', 'ws', 'prom-client'], message: 'shared/ is pure: no runtime clients.' },
            {
              group: ['**/src-main/**', '**/src-renderer/**'],
              message: 'shared/ must not import main or renderer code.',
            },
          ],
        },
      ],
    },
  },
  renderer: {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/**', '**/src-main'],
              message: 'The renderer talks to main only through shared/ipc.',
            },
            { group: ['electron', 'electron/*'], message: 'Only the Electron adapter imports electron.' },
            {
              group: [...nodeBuiltins, 'ioredis', 'ws', 'prom-client'],
              message: 'The renderer runs in a browser: no Node modules.',
            },
          ],
        },
      ],
    },
  },
  main: {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'Only src-main/electron/ (the adapter) imports electron.' },
            { group: ['**/src-renderer/**'], message: 'Main never imports the renderer.' },
          ],
        },
      ],
    },
  },
  ioredis: {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/redis/**', 'src-main/bench/**', 'src-main/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...mainPatterns, ioredisPattern] }] },
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'docs/api/',
      'release/',
      'coverage/',
      'e2e/artifacts/',
      'scratch/',
      'bench/results/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src-main/**/*.ts', 'shared/**/*.ts'],
    ignores: ['**/*.test.ts', 'src-main/cli/**', 'src-main/bench/**', 'src-main/testing/**', 'src-main/drill/**'],
    rules: { 'no-console': 'error' },
  },
  boundaries.shared,
  boundaries.renderer,
  boundaries.main,
  boundaries.ioredis,
  // The design's "never" list, inside main. Each zone repeats the main patterns above because the
  // last matching no-restricted-imports setting wins in a flat config.
  zone(
    'queue',
    ['ipc', 'server', 'topology', 'app', 'sampler', 'metrics', 'cli', 'demo', 'drill'],
    'The queue engine knows no IPC, server, topology or app',
  ),
  zone(
    'redis',
    ['queue', 'topology', 'app', 'ipc', 'server', 'sampler', 'metrics', 'cli'],
    'The redis layer knows no queue or anything above it',
    { ioredis: false },
  ),
  zone('metrics', ['app', 'ipc', 'server', 'cli'], 'Metrics depend on events, not on the app context'),
  {
    files: ['src-main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-renderer/**'], message: 'Main never imports the renderer.' },
            { group: ['ioredis'], message: 'ioredis stays inside src-main/redis/: use RedisHandle.' },
          ],
        },
      ],
    },
  },
);
