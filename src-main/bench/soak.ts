/**
 * Memory soak of the console's main process: `slotline serve` (the same handler table, monitor,
 * sampler and event bus as the Electron main process) against a local 3+3 cluster with demo traffic
 * and a browser connected, sampling its RSS every 10 s. Bounded by --minutes; stops everything it
 * started.
 *
 *   npx tsx src-main/bench/soak.ts [--minutes 30] [--out FILE]
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDemoQueues, startDemoTraffic } from '../demo/demo-traffic';
import { startLocalCluster } from '../harness/local-cluster';
import { createConnection } from '../redis/create-connection';
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs';

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

const { values } = parseArgs({ options: { minutes: { type: 'string' }, out: { type: 'string' } } });
const minutes = Number(values.minutes ?? 30);
if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 240)
  throw new Error(`--minutes ${values.minutes}: expected 0-240`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-soak-'));
const cluster = await startLocalCluster({ dir: path.join(dir, 'cluster') });
const serve = spawn(
  process.execPath,
  ['--import', 'tsx', 'bin/slotline.mjs', 'serve', '--port', '0', '--cluster', cluster.seedList],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SLOTLINE_DATA_DIR: path.join(dir, 'data'), SLOTLINE_LOG: 'warn' },
  },
);
let out = '';
serve.stdout!.on('data', (d: Buffer) => (out += d.toString()));
const deadline = Date.now() + 30_000;
let m: RegExpMatchArray | null;
while (!(m = out.match(/open (http:\/\/\S+)/))) {
  if (Date.now() > deadline) throw new Error(`serve did not start: ${out}`);
  await new Promise((r) => setTimeout(r, 100));
}
const handle = await createConnection(cluster.settings);
const traffic = await startDemoTraffic(handle, defaultDemoQueues(3));
const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage();
await page.goto(m[1]!);
await page.getByTestId('nav-queues').click();

const samples: Array<{ atS: number; rssMb: number }> = [];
const t0 = Date.now();
const end = t0 + minutes * 60_000;
process.stdout.write(`soak: serve pid ${serve.pid}, ${minutes} min, sampling RSS every 10 s\n`);
while (Date.now() < end) {
  samples.push({ atS: Math.round((Date.now() - t0) / 1000), rssMb: rssMb(serve.pid!) });
  if (samples.length % 30 === 1)
    process.stdout.write(`  ${samples.at(-1)!.atS} s: ${samples.at(-1)!.rssMb.toFixed(1)} MB\n`);
  await new Promise((r) => setTimeout(r, 10_000));
}
samples.push({ atS: Math.round((Date.now() - t0) / 1000), rssMb: rssMb(serve.pid!) });

await browser.close();
await traffic.stop();
await handle.close();
serve.kill('SIGTERM');
await new Promise((r) => serve.once('exit', r));
await cluster.stop();
fs.rmSync(dir, { recursive: true, force: true });

const peak = Math.max(...samples.map((s) => s.rssMb));
const result = { minutes, startMb: samples[0]!.rssMb, endMb: samples.at(-1)!.rssMb, peakMb: peak, samples };
process.stdout.write(
  `soak: serve RSS start ${result.startMb.toFixed(1)} MB, end ${result.endMb.toFixed(1)} MB, peak ${peak.toFixed(1)} MB over ${minutes} min\n`,
);
if (values.out) fs.writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');
