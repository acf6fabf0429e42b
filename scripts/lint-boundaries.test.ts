import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layering rule is enforced by lint: these imports must fail where they are written. */
const eslint = new ESLint({ cwd: process.cwd() });

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['shared/probe.ts', "import 'electron';", /no electron/],
    ['shared/probe.ts', "import fs from 'node:fs'; export const x = fs;", /no Node built-ins/],
    ['shared/probe.ts', "import React from 'react'; export const x = React;", /no React/],
    ['shared/probe.ts', "import { Redis } from 'ioredis'; export const x = Redis;", /no runtime clients/],
    [
      'src-renderer/probe.ts',
      "import { x } from '../src-main/queue/queue'; export const y = x;",
      /only through shared\/ipc/,
    ],
    [
      'src-renderer/probe.ts',
      "import { ipcRenderer } from 'electron'; export const y = ipcRenderer;",
      /Only the Electron adapter/,
    ],
    ['src-main/queue/probe.ts', "import { app } from 'electron'; export const y = app;", /Only src-main\/electron\//],
    [
      'src-main/queue/probe.ts',
      "import { Redis } from 'ioredis'; export const y = Redis;",
      /ioredis stays inside src-main\/redis/,
    ],
    [
      'src-main/queue/probe.ts',
      "import { x } from '../ipc/dispatch'; export const y = x;",
      /queue engine knows no IPC.*\(no ipc\/\)/,
    ],
    [
      'src-main/queue/probe.ts',
      "import { x } from '../topology/topology-monitor'; export const y = x;",
      /\(no topology\/\)/,
    ],
    ['src-main/queue/probe.ts', "import { x } from '../server/serve'; export const y = x;", /\(no server\/\)/],
    [
      'src-main/redis/probe.ts',
      "import { Queue } from '../queue/queue'; export const y = Queue;",
      /redis layer knows no queue/,
    ],
    [
      'src-main/metrics/probe.ts',
      "import { AppContext } from '../app/app-context'; export const y = AppContext;",
      /Metrics depend on events/,
    ],
  ])(
    '%s: %s is refused',
    async (file, code, message) => {
      const found = await violations(file, code);
      expect(found.length).toBe(1);
      expect(found[0]).toMatch(message);
      // The first case loads ESLint and the typed config: seconds on a loaded 2-core machine.
    },
    30_000,
  );

  it.each([
    ['src-main/electron/probe.ts', "import { app } from 'electron'; export const y = app;"],
    ['src-main/redis/probe.ts', "import { Redis } from 'ioredis'; export const y = Redis;"],
    ['src-main/queue/probe.ts', "import { x } from '../redis/handle'; export const y = x;"],
    ['src-main/queue/probe.test.ts', "import { x } from '../harness/local-single'; export const y = x;"],
    ['src-renderer/probe.ts', "import { SlotlineError } from '../shared/errors'; export const y = SlotlineError;"],
  ])(
    '%s: %s is allowed',
    async (file, code) => {
      expect(await violations(file, code)).toEqual([]);
    },
    30_000,
  );
});
