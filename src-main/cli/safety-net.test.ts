import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The CLI's process-wide net, in a real child process: a listener that throws (what
 * `new URL('http://[')` did in serve's upgrade listener) and a rejected promise nobody awaits.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-safety-net-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runChild(keepRunning: boolean, extra = ''): { status: number | null; stderr: string; stdout: string } {
  const file = path.join(dir, `child-${keepRunning}-${Math.random().toString(36).slice(2)}.ts`);
  const net = path.resolve(import.meta.dirname, 'safety-net.ts');
  fs.writeFileSync(
    file,
    `import { installSafetyNet } from ${JSON.stringify(net)};
const io = { out: (l: string) => console.log(l), err: (l: string) => console.error(l), confirm: async () => false };
installSafetyNet({ command: 'serve', keepRunning: ${keepRunning}, io, maxPerMinute: 3 });
setTimeout(() => { new URL('http://['); }, 10);
setTimeout(() => { void Promise.reject(new Error('nobody awaited this')); }, 20);
${extra}
setTimeout(() => { console.log('still serving'); process.exit(0); }, 200);
`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('the CLI safety net (real child processes)', () => {
  it('keeps a server running after an uncaught error and an unhandled rejection, with one line each', () => {
    const r = runChild(true);
    expect(r.stdout).toContain('still serving');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('slotline serve: uncaught error (still running): Invalid URL');
    expect(r.stderr).toContain('slotline serve: unhandled promise rejection (still running): nobody awaited this');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
  });

  it('lets a server exit once errors keep coming', () => {
    const r = runChild(true, "setTimeout(() => { throw new Error('third'); }, 30);");
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('still serving');
    expect(r.stderr).toContain('3 uncaught errors within a minute: exiting');
  });

  it('ends a one-shot command with exit 1 and one clear line', () => {
    const r = runChild(false);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('still serving');
    expect(r.stderr.trim()).toBe('slotline serve: uncaught error: Invalid URL');
  });
});
