import { latencySummary, spread, type Spread } from './stats';
import { pair, systemsFor, type CpuSample, type CpuSamples, type RunContext, type Samples } from './run-pair';
import type { SystemId } from './system';
import type { MasterCommandStats } from './targets';

/** Task counts and rounds of one run. */
export interface Sizes {
  enqueue: number;
  inFlight: number;
  bulk: number;
  chunk: number;
  process: number;
  /** Tasks for concurrency 1 (fewer, the same for both systems). */
  processC1: number;
  concurrencies: number[];
  rounds: number;
  latencyRate: number;
  latencySeconds: number;
  latencyConcurrency: number;
}

/** CPU time per 1000 tasks of one system in one scenario, over the rounds (ms). */
export interface CpuCost {
  /** This Node process (`process.cpuUsage()`, user + system): producer, worker and bench harness. */
  nodeMs: Spread;
  /** Every redis-server of the target (`INFO cpu` used_cpu_user + used_cpu_sys; replicas included). */
  redisMs: Spread;
}

/** One row of the results: every system's figures and Slotline's advantage. */
export interface ScenarioResult {
  id: string;
  target: 'single' | 'cluster';
  title: string;
  unit: 'tasks/s' | 'ms';
  /** ok = the scenario ran and produced numbers for every system. Never a speed threshold. */
  ok: boolean;
  error?: string;
  /** Median, min, max and every sample per system. */
  systems?: Partial<Record<SystemId, Spread>>;
  /** CPU per 1000 tasks per system, from the end of the previous measured step to the end of this one. */
  cpuPer1000?: Partial<Record<SystemId, CpuCost>>;
  /** Slotline (defaults) against BullMQ (defaults); > 1 means Slotline did better (throughput ratio, or BullMQ latency / Slotline latency). */
  ratio?: number;
  notes?: string;
  /** Redis commands per master, summed over rounds (reset before each measured step). */
  commandStats?: Partial<Record<SystemId, MasterCommandStats[]>>;
}

/** The spread of each CPU component over the rounds. */
function cpuCost(samples: CpuSample[]): CpuCost {
  return { nodeMs: spread(samples.map((c) => c.nodeMs)), redisMs: spread(samples.map((c) => c.redisMs)) };
}

const rate = (n: number, ms: number) => (n * 1000) / ms;

/** Scenarios 1–4 (4 on a single server only) against one target. */
export async function runTargetScenarios(
  ctx: RunContext,
  sizes: Sizes,
  withLatency: boolean,
): Promise<ScenarioResult[]> {
  const samples: Samples = new Map();
  const stats = new Map<string, Partial<Record<SystemId, MasterCommandStats[]>>>();
  const cpu: CpuSamples = new Map();
  const ids = ctx.systems ?? systemsFor(ctx.target.kind);
  const results: ScenarioResult[] = [];
  const kind = ctx.target.kind;
  const row = (
    id: string,
    title: string,
    unit: 'tasks/s' | 'ms',
    key: string,
    statsKey?: string,
    notes?: string,
  ): ScenarioResult => {
    const s = samples.get(key) ?? {};
    const missing = ids.filter((sys) => !(s[sys]?.length ?? 0));
    const systems: Partial<Record<SystemId, Spread>> = {};
    for (const sys of ids) if (s[sys]) systems[sys] = spread(s[sys]);
    const sl = systems.slotline;
    const bq = systems.bullmq;
    const ratio = sl && bq ? (unit === 'ms' ? bq.median / sl.median : sl.median / bq.median) : undefined;
    const c = statsKey ? cpu.get(statsKey) : undefined;
    const cpuPer1000: Partial<Record<SystemId, CpuCost>> = {};
    for (const sys of ids) if (c?.[sys]) cpuPer1000[sys] = cpuCost(c[sys]);
    return {
      id: `${kind}:${id}`,
      target: kind,
      title,
      unit,
      ok: missing.length === 0,
      ...(missing.length ? { error: `no numbers from ${missing.join(', ')}` } : {}),
      systems,
      ...(c ? { cpuPer1000 } : {}),
      ratio,
      notes,
      commandStats: statsKey ? stats.get(statsKey) : undefined,
    };
  };
  const guarded = async (what: string, fn: () => Promise<void>, ids: string[]) => {
    try {
      await fn();
    } catch (e) {
      const msg = (e as Error).message ?? String(e);
      ctx.log(`  ${kind} ${what} FAILED: ${msg}`);
      for (const id of ids)
        results.push({ id: `${kind}:${id}`, target: kind, title: what, unit: 'tasks/s', ok: false, error: msg });
      return false;
    }
    return true;
  };

  // Warm-up (not recorded): loads scripts and lets V8 compile the hot paths of both systems.
  await guarded(
    'warm-up',
    () =>
      pair(
        { ...ctx, rounds: 1 },
        'warm-up',
        async (sys) => {
          await sys.enqueueBulk(2000, sizes.chunk);
          await sys.process(2000, 10);
          return {};
        },
        new Map(),
        new Map(),
        new Map(),
      ),
    [],
  );

  if (
    await guarded(
      'enqueue one at a time',
      () =>
        pair(
          ctx,
          'enqueue',
          async (sys, mark) => {
            const ms = await sys.enqueueOneByOne(sizes.enqueue, sizes.inFlight);
            await mark('enqueue', sizes.enqueue);
            return { enqueue: rate(sizes.enqueue, ms) };
          },
          samples,
          stats,
          cpu,
        ),
      ['enqueue'],
    )
  ) {
    results.push(
      row(
        'enqueue',
        `enqueue ${sizes.enqueue} one at a time, ${sizes.inFlight} in flight`,
        'tasks/s',
        'enqueue',
        'enqueue',
      ),
    );
  }

  const processOk: number[] = [];
  for (const c of sizes.concurrencies) {
    const n = c === 1 ? sizes.processC1 : sizes.process;
    const ok = await guarded(
      `process at concurrency ${c}`,
      () =>
        pair(
          ctx,
          `process c=${c}`,
          async (sys, mark) => {
            const fill = await sys.enqueueBulk(n, sizes.chunk);
            await mark(n === sizes.bulk ? 'bulk' : 'fill', n);
            const ms = await sys.process(n, c);
            await mark(`process-${c}`, n);
            return n === sizes.bulk
              ? { bulk: rate(n, fill), [`process-${c}`]: rate(n, ms) }
              : { [`process-${c}`]: rate(n, ms) };
          },
          samples,
          stats,
          cpu,
        ),
      [`process-c${c}`],
    );
    if (ok) processOk.push(c);
  }
  if (samples.has('bulk')) {
    results.push(
      row(
        'bulk',
        `bulk enqueue ${sizes.bulk} in chunks of ${sizes.chunk}`,
        'tasks/s',
        'bulk',
        'bulk',
        'samples are the fills of the concurrency ≥10 process runs (same flushed server, before the worker starts)',
      ),
    );
  }
  for (const c of processOk) {
    const n = c === 1 ? sizes.processC1 : sizes.process;
    results.push(
      row(
        `process-c${c}`,
        `process ${n} enqueued tasks at concurrency ${c}`,
        'tasks/s',
        `process-${c}`,
        `process-${c}`,
      ),
    );
  }

  if (withLatency) {
    const { latencyRate: lr, latencySeconds: secs, latencyConcurrency: lc } = sizes;
    if (
      await guarded(
        'latency',
        () =>
          pair(
            ctx,
            'latency',
            async (sys, mark) => {
              const run = await sys.latency(lr, secs, lc);
              await mark('latency', run.sent);
              const l = latencySummary(run.latencies);
              return { 'lat-p50': l.p50, 'lat-p99': l.p99, 'lat-max': l.max };
            },
            samples,
            stats,
            cpu,
          ),
        ['latency-p50', 'latency-p99', 'latency-max'],
      )
    ) {
      const note = `${lr} tasks/s for ${secs} s to an idle worker at concurrency ${lc}; enqueue call → handler start, same process`;
      results.push(row('latency-p50', 'enqueue→start latency p50', 'ms', 'lat-p50', 'latency', note));
      results.push(row('latency-p99', 'enqueue→start latency p99', 'ms', 'lat-p99', undefined, note));
      results.push(row('latency-max', 'enqueue→start latency max', 'ms', 'lat-max', undefined, note));
    }
  }
  return results;
}
