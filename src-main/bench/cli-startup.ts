/**
 * `npm run bench -- --cli`: start-up of the built CLI against `node -e 0`, measured side by side
 * in the same run (interleaved, so machine load hits every command alike), medians of N runs.
 * `slotline cluster status` runs against a live local 3+3 cluster started here. The same commands
 * through tsx (how the CLI ran before 0.2.0, and how it still runs from a clone) are shown for
 * comparison.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCluster } from '../harness/local-cluster';

interface Command {
  label: string;
  argv: string[];
  env?: NodeJS.ProcessEnv;
}

export interface CliStartupRow {
  label: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Median ÷ the median of `node -e 0`. */
  ratio: number;
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function timeOnce(c: Command): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.argv, {
    cwd: root,
    env: { ...process.env, ...c.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${c.label} exited ${r.status}: ${String(r.stderr).slice(0, 300)}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Builds dist/, starts a cluster, times each command `runs` times interleaved; returns the rows. */
export async function runCliStartup(runs: number, log: (line: string) => void): Promise<CliStartupRow[]> {
  const build = spawnSync(process.execPath, ['scripts/build-lib.mjs'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build-lib failed: ${build.stderr}`);
  log(build.stdout.trim());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-bench-cli-'));
  const cluster = await startLocalCluster({ dir: path.join(dir, 'cluster'), masters: 3, replicasPerMaster: 1 });
  try {
    const bin = path.join(root, 'bin/slotline.mjs');
    const status = ['cluster', 'status', '--dir', path.join(dir, 'cluster')];
    const built = { SLOTLINE_CLI: 'dist' };
    const commands: Command[] = [
      { label: 'node -e 0', argv: ['-e', '0'] },
      { label: 'slotline --help', argv: [bin, '--help'], env: built },
      { label: 'slotline cluster status', argv: [bin, ...status], env: built },
      { label: 'slotline --help (tsx, from sources)', argv: [bin, '--help'] },
      { label: 'slotline cluster status (tsx, from sources)', argv: [bin, ...status] },
    ];
    for (const c of commands) timeOnce(c); // warm the file cache once
    const samples = commands.map(() => [] as number[]);
    for (let i = 0; i < runs; i++) commands.forEach((c, j) => samples[j]!.push(timeOnce(c)));
    const base = median(samples[0]!);
    return commands.map((c, j) => ({
      label: c.label,
      medianMs: median(samples[j]!),
      minMs: Math.min(...samples[j]!),
      maxMs: Math.max(...samples[j]!),
      ratio: median(samples[j]!) / base,
    }));
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows as a Markdown table. */
export function renderCliStartup(rows: CliStartupRow[], runs: number): string {
  const lines = [
    `CLI start-up, median of ${runs} runs each, interleaved (ms):`,
    '',
    '| command | median | min–max | ÷ node -e 0 |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${r.medianMs.toFixed(0)} | ${r.minMs.toFixed(0)}–${r.maxMs.toFixed(0)} | ${r.ratio.toFixed(2)}× |`,
    ),
  ];
  return lines.join('\n');
}
