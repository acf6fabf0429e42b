/**
 * One Slotline scenario alone on a fresh redis-server, for profiling the Node side:
 *   node --cpu-prof --cpu-prof-dir=bench/profiles --import tsx src-main/bench/profile-slotline.ts process 50000 50
 *   npx tsx src-main/bench/profile-slotline.ts enqueue 50000 50     (50 in flight)
 *   npx tsx src-main/bench/profile-slotline.ts latency 5 10         (5 s at 1k/s, concurrency 10)
 *   npx tsx src-main/bench/profile-slotline.ts process 5000 1 prefetch0   (the worker with prefetch: 0)
 * Prints the rate and Redis's usec_per_call per command.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { slotlineSystem } from './slotline-system';
import { latencySummary } from './stats';
import { startSingleTarget } from './targets';

const [what = 'process', nArg = '50000', cArg = '50', variantArg] = process.argv.slice(2);
if (variantArg !== undefined && variantArg !== 'prefetch0') {
  throw new Error(`variant ${JSON.stringify(variantArg)}: expected prefetch0 or nothing`);
}
const variant = variantArg === 'prefetch0' ? { prefetch: 0 as const } : {};
const n = Number(nArg);
const c = Number(cArg);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-profile-'));
const target = await startSingleTarget(dir);
try {
  for (let round = 0; round < 3 && what === 'latency'; round++) {
    await target.flush();
    const sys = slotlineSystem(target, variant);
    await sys.prepare();
    const run = await sys.latency(1000, n, c);
    await sys.close();
    const l = latencySummary(run.latencies);
    console.log(
      `latency ${run.sent} tasks at 1k/s, c=${c}: p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms, max ${l.max.toFixed(2)} ms`,
    );
  }
  for (let round = 0; round < 3 && what !== 'latency'; round++) {
    await target.flush();
    const sys = slotlineSystem(target, variant);
    await sys.prepare();
    if (what === 'process') await sys.enqueueBulk(n, 1000);
    await target.resetStats();
    const cpuBefore = process.cpuUsage();
    const ms =
      what === 'process'
        ? await sys.process(n, c)
        : what === 'bulk'
          ? await sys.enqueueBulk(n, 1000)
          : await sys.enqueueOneByOne(n, c);
    const cpu = process.cpuUsage(cpuBefore);
    const [st] = await target.commandStats();
    await sys.close();
    const cmds = Object.entries(st!.commands)
      .filter(([, v]) => v.calls > n / 100)
      .map(([k, v]) => `${k} ${v.calls}×${v.usecPerCall.toFixed(1)}µs`)
      .join(', ');
    console.log(
      `${what} ${n} c=${c}${variantArg ? ` ${variantArg}` : ''}: ${((n * 1000) / ms).toFixed(0)}/s; ` +
        `node cpu ${((cpu.user + cpu.system) / n).toFixed(1)} µs/task; redis busy ${(st!.usec / 1000).toFixed(0)} ms of ${ms.toFixed(0)} ms; ${cmds}`,
    );
  }
} finally {
  await target.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
