/**
 * One Slotline scenario alone on a fresh redis-server, for profiling the Node side:
 *   node --cpu-prof --cpu-prof-dir=bench/profiles --import tsx src-main/bench/profile-slotline.ts process 50000 50
 *   npx tsx src-main/bench/profile-slotline.ts enqueue 50000 50     (50 in flight)
 *   npx tsx src-main/bench/profile-slotline.ts latency 5 10         (5 s at 1k/s, concurrency 10)
 *   npx tsx src-main/bench/profile-slotline.ts process 5000 1 prefetch0   (the worker with prefetch: 0)
 *   PROFILE_PHASE_DIR=DIR npx tsx src-main/bench/profile-slotline.ts process 50000 10   (a CPU profile of
 *     the measured phase only, without start-up and the bulk fill, one file per round in DIR)
 *   PROFILE_TARGET=cluster npx tsx src-main/bench/profile-slotline.ts process 50000 10   (on a local 3+3 cluster)
 * Prints the rate and Redis's usec_per_call per command.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { slotlineSystem } from './slotline-system';
import { latencySummary } from './stats';
import { startClusterTarget, startSingleTarget } from './targets';

const [what = 'process', nArg = '50000', cArg = '50', variantArg] = process.argv.slice(2);
if (variantArg !== undefined && variantArg !== 'prefetch0') {
  throw new Error(`variant ${JSON.stringify(variantArg)}: expected prefetch0 or nothing`);
}
const variant = variantArg === 'prefetch0' ? { prefetch: 0 as const } : {};
const n = Number(nArg);
const c = Number(cArg);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-profile-'));
const targetKind = process.env.PROFILE_TARGET ?? 'single';
if (targetKind !== 'single' && targetKind !== 'cluster') {
  throw new Error(`PROFILE_TARGET=${JSON.stringify(targetKind)}: expected single or cluster`);
}
const target = targetKind === 'cluster' ? await startClusterTarget(dir) : await startSingleTarget(dir);
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
    const phaseDir = process.env.PROFILE_PHASE_DIR;
    const session = phaseDir ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpuBefore = process.cpuUsage();
    const ms =
      what === 'process'
        ? await sys.process(n, c)
        : what === 'bulk'
          ? await sys.enqueueBulk(n, 1000)
          : await sys.enqueueOneByOne(n, c);
    const cpu = process.cpuUsage(cpuBefore);
    if (session && phaseDir) {
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync(phaseDir, { recursive: true });
      fs.writeFileSync(path.join(phaseDir, `${what}-${n}-c${c}-round${round + 1}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    }
    const all = await target.commandStats();
    // One figure over every master: calls and time add up; usec per call is their ratio.
    const st = { usec: 0, commands: {} as Record<string, { calls: number; usecPerCall: number }> };
    for (const node of all) {
      st.usec += node.usec;
      for (const [k, v] of Object.entries(node.commands)) {
        const a = (st.commands[k] ??= { calls: 0, usecPerCall: 0 });
        a.usecPerCall = (a.usecPerCall * a.calls + v.usecPerCall * v.calls) / Math.max(1, a.calls + v.calls);
        a.calls += v.calls;
      }
    }
    await sys.close();
    const cmds = Object.entries(st.commands)
      .filter(([, v]) => v.calls > n / 100)
      .map(([k, v]) => `${k} ${v.calls}×${v.usecPerCall.toFixed(1)}µs`)
      .join(', ');
    console.log(
      `${what} ${n} c=${c}${variantArg ? ` ${variantArg}` : ''}: ${((n * 1000) / ms).toFixed(0)}/s; ` +
        `node cpu ${((cpu.user + cpu.system) / n).toFixed(1)} µs/task; redis busy ${(st.usec / 1000).toFixed(0)} ms of ${ms.toFixed(0)} ms; ${cmds}`,
    );
  }
} finally {
  await target.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
