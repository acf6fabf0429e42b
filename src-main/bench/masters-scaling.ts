import path from 'node:path';
import { startLocalCluster } from '../harness/local-cluster';
import { nodeCommand } from '../harness/redis-cli';
import { Queue } from '../queue/queue';
import { Worker } from '../queue/worker';
import { createConnection } from '../redis/create-connection';
import { benchPayload } from './payload';
import { paced } from './slotline-system';
import { parseCpuSeconds } from './targets';

/** Sizes of one `--masters` run. */
export interface MastersScalingSizes {
  /** Offered load, tasks per second, the same for every N. */
  rate: number;
  /** Tasks at that load. */
  tasks: number;
  /** Tasks enqueued up front and drained as fast as the worker goes (the highest throughput). */
  burst: number;
  concurrency: number;
}

/** One cluster size's figures. */
export interface MastersScalingRow {
  masters: number;
  partitions: number;
  /** Each master's Redis CPU (user + sys) per 1000 tasks at the fixed load, in ms. */
  cpuMsPer1000: number[];
  /** The busiest master's share of all masters' Redis CPU at the fixed load (0–1). */
  busiestShare: number;
  /** Tasks/s the one worker process drained at the fixed load (about `rate` when it keeps up). */
  fixedLoadTasksPerSec: number;
  /** Tasks/s of the burst (bulk enqueue and processing together, end to end): the highest reached. */
  highestTasksPerSec: number;
}

async function cpuPerMaster(ports: number[]): Promise<number[]> {
  return Promise.all(ports.map(async (p) => parseCpuSeconds(await nodeCommand(p, 'INFO', 'cpu'))));
}

/**
 * One queue, one partition per master (tags planned over the masters), on fresh clusters of each
 * size in `counts` (masters only, no replicas, so every redis-server is a master being measured).
 * Producers offer `rate` tasks/s while one worker processes them; `INFO cpu` deltas per master
 * give CPU per 1000 tasks. Then a burst drain gives the highest throughput reached.
 */
export async function runMastersScaling(
  counts: number[],
  sizes: MastersScalingSizes,
  workDir: string,
  log: (line: string) => void,
): Promise<MastersScalingRow[]> {
  const rows: MastersScalingRow[] = [];
  for (const n of counts) {
    const cluster = await startLocalCluster({
      dir: path.join(workDir, `masters-${n}-${Date.now()}`),
      masters: n,
      replicasPerMaster: 0,
    });
    const handle = await createConnection(cluster.settings, { autoPipelining: true });
    try {
      const ports = cluster.ports;
      const q = await Queue.open(handle, `masters-bench-${n}-${Date.now()}`, { partitions: n });
      let done = 0;
      const w = new Worker(q, () => void done++, { concurrency: sizes.concurrency, removeOnComplete: true });
      w.start();
      const cpu0 = await cpuPerMaster(ports);
      const t0 = performance.now();
      await paced(sizes.rate, sizes.tasks, (i) => q.enqueue(benchPayload(i)));
      await waitDone(
        () => done >= sizes.tasks,
        60_000,
        () => `${done} of ${sizes.tasks} at the fixed load`,
      );
      const fixedSec = (performance.now() - t0) / 1000;
      const cpu1 = await cpuPerMaster(ports);
      const deltas = cpu1.map((c, i) => c - cpu0[i]!);
      const total = deltas.reduce((a, b) => a + b, 0);
      log(`masters=${n}: ${sizes.tasks} tasks at ${sizes.rate}/s done in ${fixedSec.toFixed(1)} s`);

      // The worker keeps running: the burst is timed end to end, from the first bulk enqueue.
      done = 0;
      const b0 = performance.now();
      for (let i = 0; i < sizes.burst; i += 1000)
        await q.enqueueBulk(
          Array.from({ length: Math.min(1000, sizes.burst - i) }, (_, j) => ({ payload: benchPayload(i + j) })),
        );
      await waitDone(
        () => done >= sizes.burst,
        120_000,
        () => `${done} of ${sizes.burst} of the burst`,
      );
      const burstSec = (performance.now() - b0) / 1000;
      await w.stop(5000);
      const row: MastersScalingRow = {
        masters: n,
        partitions: q.partitions.length,
        cpuMsPer1000: deltas.map((d) => (d * 1000 * 1000) / sizes.tasks),
        busiestShare: total > 0 ? Math.max(...deltas) / total : 0,
        fixedLoadTasksPerSec: sizes.tasks / fixedSec,
        highestTasksPerSec: sizes.burst / burstSec,
      };
      log(
        `masters=${n}: CPU ms/1000 tasks per master ${row.cpuMsPer1000.map((c) => c.toFixed(1)).join(', ')}; ` +
          `busiest share ${(row.busiestShare * 100).toFixed(0)}% (1/N = ${(100 / n).toFixed(0)}%); ` +
          `fixed load ${row.fixedLoadTasksPerSec.toFixed(0)} tasks/s; highest ${row.highestTasksPerSec.toFixed(0)} tasks/s`,
      );
      rows.push(row);
    } finally {
      await handle.close();
      await cluster.stop();
    }
  }
  return rows;
}

async function waitDone(check: () => boolean, timeoutMs: number, progress: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`tasks not all processed within ${timeoutMs} ms: ${progress()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The `--masters` list: whole numbers 1..12, comma-separated, or an error naming the bad one. */
export function parseMasters(v: string): number[] {
  return v.split(',').map((x) => {
    const n = Number(x.trim());
    if (!Number.isInteger(n) || n < 1 || n > 12)
      throw new Error(`--masters ${x}: expected whole numbers from 1 to 12, comma-separated (e.g. 1,3,6)`);
    return n;
  });
}

/** A Markdown table of the rows. */
export function renderMastersScaling(rows: MastersScalingRow[], sizes: MastersScalingSizes): string {
  const lines = [
    `One queue, one partition per master, ${sizes.rate} tasks/s offered for ${sizes.tasks} tasks; burst ${sizes.burst} tasks, worker concurrency ${sizes.concurrency}.`,
    '',
    '| masters | Redis CPU ms per 1000 tasks, each master | busiest master share (1/N) | highest tasks/s |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.masters} | ${r.cpuMsPer1000.map((c) => c.toFixed(1)).join(' / ')} | ${(r.busiestShare * 100).toFixed(0)}% (${(100 / r.masters).toFixed(0)}%) | ${r.highestTasksPerSec.toFixed(0)} |`,
    ),
  ];
  return lines.join('\n');
}
