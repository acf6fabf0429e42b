import { createConnection } from '../redis/create-connection';
import { listTasks, purgeState } from '../queue/queue-admin';
import { Queue } from '../queue/queue';
import { nodeCommand, parseInfoLines } from '../harness/redis-cli';
import { benchPayload } from './payload';
import { spread, type Spread } from './stats';
import type { BenchTarget } from './targets';

/** What the opt-in scale scenario measured. */
export interface ScaleResult {
  ok: boolean;
  error?: string;
  tasks: number;
  fillSeconds?: number;
  usedMemoryMb?: number;
  /** `slotline stats` (Queue.counts), ms over 20 calls. */
  statsMs?: Spread;
  /** One page of 50 waiting tasks (listTasks), ms over 20 calls. */
  pageMs?: Spread;
  purgeSeconds?: number;
  purged?: number;
  /** Longest single Redis call during the purge, from SLOWLOG (threshold 0). */
  longestCallMs?: number;
  longestCall?: string;
}

async function timed(n: number, fn: () => Promise<unknown>): Promise<Spread> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return spread(out);
}

type SlowEntry = [number, number, number, string[]];

/** 1M tasks in one queue on one server: stats latency, a page of tasks, and a full purge. */
export async function runScale(target: BenchTarget, tasks: number, log: (l: string) => void): Promise<ScaleResult> {
  const port = target.ports[0]!;
  const h = await createConnection(target.settings);
  const res: ScaleResult = { ok: false, tasks };
  try {
    const q = await Queue.open(h, 'bench-scale', { partitions: 1 });
    const t0 = performance.now();
    const chunk = 10_000;
    for (let i = 0; i < tasks; i += chunk) {
      await q.enqueueBulk(
        Array.from({ length: Math.min(chunk, tasks - i) }, (_, j) => ({ payload: benchPayload(i + j) })),
      );
    }
    res.fillSeconds = (performance.now() - t0) / 1000;
    res.usedMemoryMb = Math.round(
      Number(parseInfoLines(await nodeCommand(port, 'INFO', 'memory')).used_memory) / 2 ** 20,
    );
    log(`  scale: ${tasks} tasks enqueued in ${res.fillSeconds.toFixed(1)} s, ${res.usedMemoryMb} MB`);
    res.statsMs = await timed(20, () => q.counts());
    res.pageMs = await timed(20, () => listTasks(q, 'waiting', { limit: 50 }));
    log(`  scale: stats ${res.statsMs.median.toFixed(2)} ms, page ${res.pageMs.median.toFixed(2)} ms`);
    await nodeCommand(port, 'CONFIG', 'SET', 'slowlog-log-slower-than', '0');
    await nodeCommand(port, 'CONFIG', 'SET', 'slowlog-max-len', '20000');
    await nodeCommand(port, 'SLOWLOG', 'RESET');
    const p0 = performance.now();
    const r = await purgeState(q, 'waiting');
    res.purgeSeconds = (performance.now() - p0) / 1000;
    res.purged = r.done;
    const entries = (await h.masters()[0]!.call('SLOWLOG', 'GET', '20000')) as SlowEntry[];
    const longest = entries
      .filter((e) => !/^(slowlog|config|info)$/i.test(String(e[3][0])))
      .sort((a, b) => b[2] - a[2])[0];
    if (longest) {
      res.longestCallMs = longest[2] / 1000;
      res.longestCall = longest[3].slice(0, 3).join(' ');
    }
    await nodeCommand(port, 'CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
    log(
      `  scale: purge of ${r.done} in ${res.purgeSeconds.toFixed(1)} s, longest call ${res.longestCallMs?.toFixed(2)} ms`,
    );
    res.ok = r.done === tasks && (await q.counts()).waiting === 0;
    if (!res.ok) res.error = `purged ${r.done} of ${tasks}`;
  } catch (e) {
    res.error = (e as Error).message;
  } finally {
    await h.close();
  }
  return res;
}
