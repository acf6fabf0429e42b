import { bullmqSystem } from './bullmq-system';
import { slotlineSystem } from './slotline-system';
import type { BenchSystem } from './system';
import type { BenchTarget, MasterCommandStats } from './targets';

export type SystemName = 'slotline' | 'bullmq';

/** Lets a measured step file the Redis commands since the last reset under a label. */
export type Mark = (label: string) => Promise<void>;

export type Samples = Map<string, Record<SystemName, number[]>>;

export interface RunContext {
  target: BenchTarget;
  rounds: number;
  log: (line: string) => void;
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
 * Runs `step` for Slotline and BullMQ alternately (A B A B …), each on a flushed server with a
 * fresh connection. `step` returns named samples; errors end the pair and are reported.
 */
export async function pair(
  ctx: RunContext,
  label: string,
  step: (sys: BenchSystem, mark: Mark) => Promise<Record<string, number>>,
  samples: Samples,
  stats: Map<string, Partial<Record<SystemName, MasterCommandStats[]>>>,
): Promise<void> {
  const makers: Array<(t: BenchTarget) => BenchSystem> = [slotlineSystem, bullmqSystem];
  for (let r = 0; r < ctx.rounds; r++) {
    for (const make of makers) {
      await ctx.target.flush();
      const sys = make(ctx.target);
      try {
        await sys.prepare();
        await ctx.target.resetStats();
        const mark: Mark = async (l) => {
          const s = stats.get(l) ?? {};
          s[sys.name] = addStats(s[sys.name], await ctx.target.commandStats());
          stats.set(l, s);
          await ctx.target.resetStats();
        };
        const got = await withTimeout(
          step(sys, mark),
          STEP_TIMEOUT_MS,
          `${label} (${sys.name}) took over ${STEP_TIMEOUT_MS / 1000} s`,
        );
        for (const [k, v] of Object.entries(got)) {
          const rec = samples.get(k) ?? { slotline: [], bullmq: [] };
          rec[sys.name].push(v);
          samples.set(k, rec);
        }
        ctx.log(
          `  ${ctx.target.kind} ${label} round ${r + 1} ${sys.name}: ${Object.entries(got)
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
