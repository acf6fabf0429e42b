import { BEE_NO_CLUSTER, beeQueueSystem } from './bee-queue-system';
import { bullmqSystem } from './bullmq-system';
import type { SystemFactory } from './baseline';
import { NON_BINDING_RATE_LIMIT, slotlineSystem } from './slotline-system';
import { isBaselineId, type BenchSystem, type SystemConfig, type SystemId } from './system';
import type { BenchTarget, MasterCommandStats } from './targets';

/**
 * Lets a measured step file what it cost since the previous mark under a label: Redis commands per
 * master, and CPU time (this Node process and every redis-server of the target) per 1000 of `tasks`.
 */
export type Mark = (label: string, tasks: number) => Promise<void>;

export type Samples = Map<string, Partial<Record<SystemId, number[]>>>;

/** CPU milliseconds per 1000 tasks of one measured step. */
export interface CpuSample {
  nodeMs: number;
  redisMs: number;
}

export type CpuSamples = Map<string, Partial<Record<SystemId, CpuSample[]>>>;

export interface RunContext {
  target: BenchTarget;
  rounds: number;
  log: (line: string) => void;
  /** Which systems run (in this order, alternated per round); default: systemsFor(target.kind). */
  systems?: SystemId[];
  /** The effective configuration of every system as run, merged over rounds and scenarios. */
  configs?: Map<SystemId, SystemConfig>;
  /** Factories of the `slotline@<ref>` rows (bench/baseline.ts). */
  baselines?: Map<SystemId, SystemFactory>;
}

/**
 * The rows run on each kind of target. BullMQ ×3 queues only means something on a cluster;
 * Bee-Queue has no cluster support, so it runs on the single server only (see {@link unsupportedOn}).
 */
export function systemsFor(kind: 'single' | 'cluster'): SystemId[] {
  const base: SystemId[] = ['slotline', 'slotline-prefetch0', 'slotline-ratelimit', 'bullmq', 'bullmq-autopipe'];
  return kind === 'cluster' ? [...base, 'bullmq-x3', 'bee-queue'] : [...base, 'bee-queue'];
}

/** Why a row cannot run on this kind of target, or undefined when it can. */
export function unsupportedOn(id: SystemId, kind: 'single' | 'cluster'): string | undefined {
  if (id === 'bee-queue' && kind === 'cluster') return BEE_NO_CLUSTER;
  return undefined;
}

/** Builds one system for a target. */
export function makeSystem(id: SystemId, target: BenchTarget, baselines?: Map<SystemId, SystemFactory>): BenchSystem {
  if (isBaselineId(id)) {
    const make = baselines?.get(id);
    if (!make) throw new Error(`${id}: no baseline prepared for it (run with --baseline <ref>)`);
    return make(target);
  }
  switch (id) {
    case 'slotline':
      return slotlineSystem(target);
    case 'slotline-prefetch0':
      return slotlineSystem(target, { prefetch: 0 });
    case 'slotline-ratelimit':
      return slotlineSystem(target, { rateLimit: NON_BINDING_RATE_LIMIT });
    case 'bullmq':
      return bullmqSystem(target);
    case 'bullmq-autopipe':
      return bullmqSystem(target, { autoPipelining: true });
    case 'bullmq-x3':
      return bullmqSystem(target, { queues: 3 });
    case 'bee-queue':
      return beeQueueSystem(target);
  }
}

/** Merges one run's config into the run-wide record (workers by concurrency accumulate). */
export function mergeConfig(into: Map<SystemId, SystemConfig>, id: SystemId, c: SystemConfig): void {
  const prev = into.get(id);
  into.set(id, { ...prev, ...c, workers: { ...prev?.workers, ...c.workers } });
}

interface CpuMark {
  node: NodeJS.CpuUsage;
  redisSeconds: number;
}

async function cpuNow(target: BenchTarget): Promise<CpuMark> {
  const redisSeconds = await target.redisCpuSeconds();
  return { node: process.cpuUsage(), redisSeconds };
}

function addStats(into: MasterCommandStats[] | undefined, add: MasterCommandStats[]): MasterCommandStats[] {
  if (!into) return add.map((m) => ({ ...m, commands: { ...m.commands } }));
  for (const m of add) {
    const t = into.find((x) => x.port === m.port);
    if (!t) {
      into.push({ ...m, commands: { ...m.commands } });
      continue;
    }
    t.calls += m.calls;
    t.usec += m.usec;
    for (const [c, v] of Object.entries(m.commands)) {
      const prev = t.commands[c];
      t.commands[c] = prev
        ? {
            calls: prev.calls + v.calls,
            usecPerCall: (prev.usecPerCall * prev.calls + v.usecPerCall * v.calls) / Math.max(1, prev.calls + v.calls),
          }
        : { ...v };
    }
  }
  return into;
}

/**
 * Runs `step` for every system alternately (A B C D A B C D …), each on a flushed server with a
 * fresh connection. `step` returns named samples; errors end the pair and are reported.
 */
export async function pair(
  ctx: RunContext,
  label: string,
  step: (sys: BenchSystem, mark: Mark) => Promise<Record<string, number>>,
  samples: Samples,
  stats: Map<string, Partial<Record<SystemId, MasterCommandStats[]>>>,
  cpu: CpuSamples = new Map(),
): Promise<void> {
  const ids = ctx.systems ?? systemsFor(ctx.target.kind);
  for (let r = 0; r < ctx.rounds; r++) {
    for (const id of ids) {
      await ctx.target.flush();
      const sys = makeSystem(id, ctx.target, ctx.baselines);
      try {
        await sys.prepare();
        await ctx.target.resetStats();
        let since = await cpuNow(ctx.target);
        const mark: Mark = async (l, tasks) => {
          // Node's clock first, before this mark's own Redis calls add to it.
          const node = process.cpuUsage(since.node);
          const redisSeconds = await ctx.target.redisCpuSeconds();
          const per = 1000 / Math.max(1, tasks);
          const c = cpu.get(l) ?? {};
          (c[sys.id] ??= []).push({
            nodeMs: ((node.user + node.system) / 1000) * per,
            redisMs: (redisSeconds - since.redisSeconds) * 1000 * per,
          });
          cpu.set(l, c);
          const s = stats.get(l) ?? {};
          s[sys.id] = addStats(s[sys.id], await ctx.target.commandStats());
          stats.set(l, s);
          await ctx.target.resetStats();
          since = await cpuNow(ctx.target);
        };
        const got = await withTimeout(
          step(sys, mark),
          STEP_TIMEOUT_MS,
          `${label} (${sys.id}) took over ${STEP_TIMEOUT_MS / 1000} s`,
        );
        for (const [k, v] of Object.entries(got)) {
          const rec = samples.get(k) ?? {};
          (rec[sys.id] ??= []).push(v);
          samples.set(k, rec);
        }
        if (ctx.configs) mergeConfig(ctx.configs, sys.id, sys.config);
        ctx.log(
          `  ${ctx.target.kind} ${label} round ${r + 1} ${sys.id}: ${Object.entries(got)
            .map(([k, v]) => `${k}=${v.toFixed(1)}`)
            .join(' ')}`,
        );
      } finally {
        await sys.close();
      }
    }
  }
}

const STEP_TIMEOUT_MS = 180_000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(what)), ms))),
  ]).finally(() => clearTimeout(timer));
}
