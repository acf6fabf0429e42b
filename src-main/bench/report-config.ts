/**
 * The configuration lines of a bench report: one per system and target, from the record the run
 * wrote, so a reader sees the settings that make each row fair (or not) exactly as they ran.
 */
import type { BenchResult } from './report';
import { orderedIds, systemLabel, type SystemConfig } from './system';

/** One line per system and target: the settings that make a row fair or not, from the record. */
export function configLines(r: BenchResult): string[] {
  if (!r.systems) {
    return [
      'This JSON predates the configuration record: it holds no `systems` field, and its run had no',
      '`prefetch: 0`, auto-pipelined BullMQ or BullMQ ×3 rows and no CPU-per-task figures. The bench code',
      'that wrote it (commit f7748bd) ran Slotline with its worker defaults, `prefetch: 100`, so each',
      'reserve leased up to min(concurrency + 100, 100) = 100 tasks at every concurrency measured (that',
      "code's label `default (= concurrency, max 100)` was wrong and was never written to the JSON), with",
      'ioredis auto-pipelining on; BullMQ ran with its worker defaults on ioredis defaults, auto-pipelining off.',
    ];
  }
  const out: string[] = [];
  for (const target of ['single', 'cluster'] as const) {
    const sys = r.systems[target];
    if (!sys) continue;
    for (const id of orderedIds([sys])) {
      const c = sys[id];
      if (!c) continue;
      out.push(`- ${target}, ${systemLabel(id)}: ${describeConfig(c)}`);
    }
  }
  return out;
}

const KEYS_SLOTLINE = ['prefetch', 'batchSize', 'leaseMs', 'removeOnComplete'];
const KEYS_BULL = ['concurrency', 'drainDelay', 'lockDuration', 'stalledInterval', 'maxStalledCount'];

/** A compact, readable form of one system's config record. */
export function describeConfig(c: SystemConfig): string {
  const conn = (c.connection ?? {}) as Record<string, unknown>;
  const pipelining = conn.autoPipelining ?? conn.enableAutoPipelining;
  const parts: string[] = [`auto-pipelining ${pipelining ? 'on' : 'off'}`];
  if (c.system === 'bee-queue') return describeBee(c);
  if (c.system === 'slotline') parts.push(`${String(c.partitions)} partition(s)`);
  else parts.push(`${String(c.queues)} queue(s), prefix ${(c.prefixes as string[]).map((p) => `\`${p}\``).join(', ')}`);
  const base = c.baseline as { ref?: string; commit?: string } | undefined;
  if (base) parts.push(`code of ${String(base.ref)} (commit ${String(base.commit).slice(0, 12)})`);
  const limit = c.rateLimit as { max?: number; perMs?: number } | undefined;
  if (limit) parts.push(`rate limit ${String(limit.max)} per ${String(limit.perMs)} ms`);
  const keys = c.system === 'slotline' ? KEYS_SLOTLINE : KEYS_BULL;
  const workers = Object.entries(c.workers).sort(([a], [b]) => Number(a) - Number(b));
  for (const [conc, w] of workers) {
    const each = keys.filter((k) => w[k] !== undefined).map((k) => `${k} ${String(w[k])}`);
    const count = typeof w.count === 'number' && w.count > 1 ? `${w.count} workers, each ` : '';
    parts.push(`at concurrency ${conc}: ${count}${each.join(', ')}`);
  }
  return parts.join('; ');
}

const KEYS_BEE = [
  'storeJobs',
  'getEvents',
  'sendEvents',
  'removeOnSuccess',
  'activateDelayedJobs',
  'stallInterval',
  'ensureScripts',
];

/** Bee-Queue's record: its client, the producer's speed settings, and each worker's concurrency. */
function describeBee(c: SystemConfig): string {
  const producer = (c.producer ?? {}) as Record<string, unknown>;
  const settings = KEYS_BEE.filter((k) => producer[k] !== undefined).map((k) => `${k} ${String(producer[k])}`);
  const parts = [
    String(c.client ?? 'node_redis'),
    `${String(c.queues)} queue(s), prefix \`${String((c.prefixes as string[])[0])}\``,
  ];
  if (settings.length) parts.push(`producer and workers: ${settings.join(', ')}`);
  const workers = Object.entries(c.workers).sort(([a], [b]) => Number(a) - Number(b));
  for (const [conc, w] of workers) {
    const differs = KEYS_BEE.filter((k) => w[k] !== undefined && w[k] !== producer[k]).map(
      (k) => `${k} ${String(w[k])}`,
    );
    parts.push(`at concurrency ${conc}: one worker queue${differs.length ? `, ${differs.join(', ')}` : ''}`);
  }
  return parts.join('; ');
}
