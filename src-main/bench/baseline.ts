/**
 * `--baseline <git ref>`: an earlier release's Slotline as an extra row, `slotline@<ref>`. The
 * release is unpacked with `git archive` into a temporary folder beside this checkout's
 * node_modules (a symlink, so both rows run the same ioredis), and its own
 * `src-main/bench/slotline-system.ts` is imported from there: that module, and the queue, worker,
 * Lua scripts and connection code it loads, are the release's files, not this tree's. Both rows
 * run in this process, alternated round by round on the same server, so wall time and CPU time
 * (`process.cpuUsage`) are measured the same way for each.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BaselineSystemId, BenchSystem } from './system';
import type { BenchTarget } from './targets';

/** What ran as the baseline, as recorded in the result JSON. */
export interface BaselineInfo {
  id: BaselineSystemId;
  /** The ref as given, and the commit it named. */
  ref: string;
  commit: string;
  subject: string;
  /** The release's Lua script files (its `src-main/queue/commands`), as found in the copy. */
  scripts: string[];
  /** Where the copy was unpacked (removed after the run). */
  dir: string;
}

export type SystemFactory = (target: BenchTarget) => BenchSystem;

const git = (root: string, args: string[]) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Unpacks `ref` into a temporary folder; throws naming the ref when git does not know it. */
export function prepareBaseline(ref: string, root = process.cwd()): BaselineInfo {
  if (!/^[\w./@^~-]{1,200}$/.test(ref) || ref.startsWith('-'))
    throw new Error(`--baseline ${JSON.stringify(ref)}: expected a git ref (a tag, branch or commit)`);
  let commit: string;
  try {
    commit = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new Error(`--baseline ${ref}: git in ${root} knows no commit by that name`);
  }
  const subject = git(root, ['log', '-1', '--format=%s', commit]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `slotline-baseline-${commit.slice(0, 8)}-`));
  execFileSync('sh', ['-c', `git archive --format=tar ${commit} | tar -x -C "${dir}"`], { cwd: root, stdio: 'pipe' });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const entry = path.join(dir, 'src-main', 'bench', 'slotline-system.ts');
  if (!fs.existsSync(entry)) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`--baseline ${ref} (${commit.slice(0, 12)}): it has no src-main/bench/slotline-system.ts to run`);
  }
  const scripts = fs.readdirSync(path.join(dir, 'src-main', 'queue', 'commands')).filter((f) => f.endsWith('.lua'));
  return { id: `slotline@${ref}`, ref, commit, subject, scripts: scripts.sort(), dir };
}

/** The release's own Slotline system, relabelled `slotline@<ref>` and recording what it is. */
export async function loadBaseline(info: BaselineInfo): Promise<SystemFactory> {
  const mod = (await import(pathToFileURL(path.join(info.dir, 'src-main', 'bench', 'slotline-system.ts')).href)) as {
    slotlineSystem?: (target: BenchTarget) => BenchSystem;
  };
  const make = mod.slotlineSystem;
  if (typeof make !== 'function')
    throw new Error(`--baseline ${info.ref}: its src-main/bench/slotline-system.ts exports no slotlineSystem(target)`);
  return (target) => {
    const sys = make(target);
    sys.config.baseline = {
      ref: info.ref,
      commit: info.commit,
      code: path.join(info.dir, 'src-main', 'queue'),
      scripts: info.scripts,
    };
    return Object.assign(sys, { id: info.id });
  };
}

export function removeBaseline(info: BaselineInfo): void {
  fs.rmSync(info.dir, { recursive: true, force: true });
}
