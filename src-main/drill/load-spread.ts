import { parseCommandStats, type MasterCommandStats } from '../harness/redis-cli';
import { slotOf } from '../queue/partition-plan';
import type { NodesView } from './cluster-view';
import { portOf } from './cluster-view';

/**
 * How far any master may be from the mean: the spread is within 10% when every master's figure
 * is within ±10% of the mean over the masters (max |x − mean| / mean ≤ 0.10).
 */
export const SPREAD_LIMIT = 0.1;

/**
 * Commands that are not the queue's work: cluster, replication and connection housekeeping
 * (slot-map refreshes, REPLCONF ACKs of a master's replicas, client names), and the drill's own INFO. Everything else counts, including the
 * commands a script runs (Redis counts each of them as well as the EVALSHA).
 */
const HOUSEKEEPING =
  /^(cluster|info|client|config|ping|command|hello|auth|select|readonly|readwrite|memory|slowlog|latency|debug|echo|quit|reset|asking|replconf|psync|sync)(\||$)/;

/** One master in a spread measurement. */
export interface MasterLoad {
  port: number;
  /** Partitions of the queue's newest generation whose slot this master owns. */
  partitions: number;
  /** Commands it executed during the window, housekeeping excluded. */
  calls: number;
  /**
   * Tasks stored on it during the window (HSETNX calls: the enqueue script runs one per new task).
   * Reported beside `calls` to tell uneven routing from uneven work per task.
   */
  enqueues: number;
  /** (calls − mean) / mean. */
  deviation: number;
}

/** The load per master over one window, and whether it is within SPREAD_LIMIT. */
export interface SpreadCheck {
  windowMs: number;
  masters: MasterLoad[];
  /** Mean calls per master. */
  mean: number;
  /** The largest |deviation| over the masters. */
  maxDeviation: number;
  limit: number;
  /** False when this measurement is only reported (it cannot be even by design: see `note`). */
  checked: boolean;
  /** True when not checked, or within the limit. */
  ok: boolean;
  note?: string;
}

/** Slots per master after a slot move, against the even share 16384 / masters. */
export interface SlotSpread {
  masters: Array<{ port: number; slots: number; deviation: number }>;
  maxDeviation: number;
  limit: number;
  ok: boolean;
}

/** The queue's calls in one master's stats: every command but housekeeping. */
export function workCalls(s: Pick<MasterCommandStats, 'commands'>): number {
  let n = 0;
  for (const [name, c] of Object.entries(s.commands)) if (!HOUSEKEEPING.test(name)) n += c.calls;
  return n;
}

function deviations(values: number[]): { mean: number; devs: number[]; max: number } {
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  const devs = values.map((v) => (mean > 0 ? (v - mean) / mean : 0));
  return { mean, devs, max: devs.reduce((m, d) => Math.max(m, Math.abs(d)), 0) };
}

/** The masters of a view that own slots, with their ranges. */
export function mastersOf(view: NodesView): Array<{ port: number; id: string; ranges: Array<[number, number]> }> {
  return view.nodes
    .filter((n) => n.role === 'master' && n.slots.length > 0 && !n.flags.includes('fail'))
    .map((n) => ({ port: portOf(n), id: n.id, ranges: n.slots.map(([a, b]) => [a, b] as [number, number]) }))
    .sort((a, b) => a.port - b.port);
}

/** How many of `tags` each master of the view owns, by port. */
export function partitionsByPort(view: NodesView, tags: string[]): Map<number, number> {
  const masters = mastersOf(view);
  const out = new Map<number, number>(masters.map((m) => [m.port, 0]));
  for (const tag of tags) {
    const slot = slotOf(tag);
    const m = masters.find((x) => x.ranges.some(([a, b]) => slot >= a && slot <= b));
    if (m) out.set(m.port, (out.get(m.port) ?? 0) + 1);
  }
  return out;
}

/**
 * The spread over one window: per master, the work commands between `before` and `after`
 * (INFO commandstats of each master), against the mean over every master in `partitions`.
 * A master missing from either sample counts as 0 calls (it would be the outlier anyway).
 */
export function spreadOf(o: {
  before: ReadonlyMap<number, Pick<MasterCommandStats, 'commands'>>;
  after: ReadonlyMap<number, Pick<MasterCommandStats, 'commands'>>;
  partitions: ReadonlyMap<number, number>;
  windowMs: number;
  checked: boolean;
  note?: string;
  limit?: number;
}): SpreadCheck {
  const limit = o.limit ?? SPREAD_LIMIT;
  const ports = [...o.partitions.keys()].sort((a, b) => a - b);
  const delta = (p: number, count: (s: Pick<MasterCommandStats, 'commands'>) => number) => {
    const a = o.after.get(p);
    const b = o.before.get(p);
    return a && b ? Math.max(0, count(a) - count(b)) : 0;
  };
  const calls = ports.map((p) => delta(p, workCalls));
  const enqueues = ports.map((p) => delta(p, (s) => s.commands.hsetnx?.calls ?? 0));
  const { mean, devs, max } = deviations(calls);
  const within = mean > 0 && max <= limit;
  let note = o.note;
  if (o.checked && mean === 0) note = 'no load was measured on any master';
  return {
    windowMs: o.windowMs,
    masters: ports.map((port, i) => ({
      port,
      partitions: o.partitions.get(port) ?? 0,
      calls: calls[i]!,
      enqueues: enqueues[i]!,
      deviation: devs[i]!,
    })),
    mean,
    maxDeviation: max,
    limit,
    checked: o.checked,
    ok: !o.checked || within,
    ...(note === undefined ? {} : { note }),
  };
}

/** Slots per master of a view, against an even share; within `limit` like the load spread. */
export function slotSpreadOf(view: NodesView, limit = SPREAD_LIMIT): SlotSpread {
  const masters = mastersOf(view).map((m) => ({
    port: m.port,
    slots: m.ranges.reduce((n, [a, b]) => n + b - a + 1, 0),
  }));
  const { devs, max } = deviations(masters.map((m) => m.slots));
  return {
    masters: masters.map((m, i) => ({ ...m, deviation: devs[i]! })),
    maxDeviation: max,
    limit,
    ok: masters.length > 0 && max <= limit,
  };
}

/** `INFO commandstats` of each port, through `info(port)`; a master that does not answer is left out. */
export async function sampleCommandStats(
  ports: number[],
  info: (port: number) => Promise<string>,
): Promise<Map<number, Omit<MasterCommandStats, 'port'>>> {
  const out = new Map<number, Omit<MasterCommandStats, 'port'>>();
  await Promise.all(
    ports.map(async (p) => {
      try {
        out.set(p, parseCommandStats(await info(p)));
      } catch {
        /* left out: counts as 0 calls */
      }
    }),
  );
  return out;
}
