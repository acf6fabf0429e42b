/**
 * Renders a benchmark result JSON as Markdown: the console output of a run and the README blocks
 * (`render-readme.ts`). Pure: everything it prints comes from the JSON it is given, so the README
 * can be regenerated from any result file, including ones written before a field existed.
 */
import type { MachineFacts } from './machine';
import type { RawLatency } from './raw-latency';
import type { RawFigure } from './redis-benchmark';
import type { CpuCost, ScenarioResult } from './scenarios';
import { spread, type Spread } from './stats';
import { orderedIds, systemLabel, type SystemConfig, type SystemId } from './system';
import type { MasterCommandStats } from './targets';
import { configLines } from './report-config';
import { goalLines } from './report-goals';

export type Target = 'single' | 'cluster';

/** A result file as run-bench writes it (older files lack `systems`, `cpuPer1000` and load samples). */
export interface BenchResult {
  startedAt: string;
  wallSeconds: number;
  mode: string;
  command: string;
  machine: MachineFacts;
  sizes: { rounds: number };
  payloadBytes: number;
  scenarios: ScenarioResult[];
  redisBenchmark: RawFigure[];
  latencyFloor: RawLatency[];
  /** The effective configuration of every system, per target, as run. */
  systems?: Partial<Record<Target, Partial<Record<SystemId, SystemConfig>>>>;
  [k: string]: unknown;
}

/** Old files kept `slotline` and `bullmq` spreads on each scenario instead of `systems`. */
type LegacyScenario = ScenarioResult & { slotline?: Spread; bullmq?: Spread };

/** The same result with every scenario's figures under `systems`. */
export function normalizeResult(r: BenchResult): BenchResult {
  const scenarios = r.scenarios.map((s0) => {
    const s = s0 as LegacyScenario;
    if (s.systems || (!s.slotline && !s.bullmq)) return s;
    const { slotline, bullmq, ...rest } = s;
    const systems: Partial<Record<SystemId, Spread>> = {};
    if (slotline) systems.slotline = slotline;
    if (bullmq) systems.bullmq = bullmq;
    return { ...rest, systems };
  });
  return { ...r, scenarios };
}

/** A run is quiet when the 1-minute load stays below this share of the cores (1.0 on 2 cores). */
export const QUIET_LOAD_PER_CORE = 0.5;

export interface LoadVerdict {
  word: 'quiet' | 'busy' | 'overloaded';
  /** Highest 1-minute load seen: start, end and any samples taken during the run. */
  max: number;
  quietBelow: number;
  cores: number;
}

/** quiet: max load < 0.5 × cores; overloaded: max load ≥ cores; busy in between. */
export function loadVerdict(m: MachineFacts): LoadVerdict {
  const seen = [m.loadavgStart, m.loadavgEnd ?? m.loadavgStart, ...(m.loadavgSamples ?? [])];
  const max = Math.max(...seen);
  const quietBelow = QUIET_LOAD_PER_CORE * m.cores;
  const word = max < quietBelow ? 'quiet' : max >= m.cores ? 'overloaded' : 'busy';
  return { word, max, quietBelow, cores: m.cores };
}

export function fmt(v: number | undefined, unit: string): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (unit === 'ms') return v < 10 ? v.toFixed(2) : v.toFixed(1);
  return v >= 10000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0);
}

function cell(s: Spread | undefined, unit: string): string {
  if (!s || s.samples.length === 0) return '–';
  return `${fmt(s.median, unit)} (${fmt(s.min, unit)}–${fmt(s.max, unit)})`;
}

export const ratioText = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(2)}×`);

/** Largest distance of a master's call count from the mean, in % of the mean. */
export function masterSpreadPct(stats: MasterCommandStats[]): number {
  if (stats.length === 0) return NaN;
  const mean = stats.reduce((s, m) => s + m.calls, 0) / stats.length;
  if (mean === 0) return 0;
  return Math.max(...stats.map((m) => Math.abs(m.calls - mean))) * (100 / mean);
}

function perMaster(stats: MasterCommandStats[] | undefined): string {
  if (!stats) return '–';
  const sorted = [...stats].sort((a, b) => a.port - b.port);
  return `${sorted.map((m) => m.calls).join(' / ')} (±${masterSpreadPct(stats).toFixed(1)}%)`;
}

const isBull = (id: SystemId) => id.startsWith('bullmq');

/** Systems with figures in these scenarios, in table order. */
function systemsIn(scenarios: ScenarioResult[]): SystemId[] {
  return orderedIds(scenarios.map((s) => s.systems));
}

/** `a` against the best BullMQ row: throughput a ÷ fastest, latency slowest-is-worst (lowest ÷ a). */
export function ratioVsBestBull(s: ScenarioResult, a: SystemId): number | undefined {
  const mine = s.systems?.[a]?.median;
  const bulls = Object.entries(s.systems ?? {})
    .filter(([id, v]) => isBull(id as SystemId) && v && Number.isFinite(v.median))
    .map(([, v]) => v!.median);
  if (mine === undefined || bulls.length === 0) return undefined;
  return s.unit === 'ms' ? Math.min(...bulls) / mine : mine / Math.max(...bulls);
}

function throughputTable(scenarios: ScenarioResult[]): string[] {
  const ids = systemsIn(scenarios);
  const multiBull = ids.filter(isBull).length > 1;
  const p0 = ids.includes('slotline-prefetch0');
  const bee = ids.includes('bee-queue');
  const head = ['scenario', 'unit', ...ids.map((id) => `${systemLabel(id)} median (min–max)`), 'Slotline ÷ BullMQ'];
  if (bee) head.push('Slotline ÷ Bee-Queue');
  if (multiBull) head.push('Slotline ÷ best BullMQ row');
  if (multiBull && p0) head.push('prefetch 0 ÷ best BullMQ row');
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const s of scenarios) {
    const cells = [s.title, s.unit, ...ids.map((id) => cell(s.systems?.[id], s.unit))];
    cells.push(s.ok ? ratioText(s.ratio) : `FAILED: ${s.error ?? 'no numbers'}`);
    if (bee) cells.push(ratioText(ratioVsBee(s, 'slotline')));
    if (multiBull) cells.push(ratioText(ratioVsBestBull(s, 'slotline')));
    if (multiBull && p0) cells.push(ratioText(ratioVsBestBull(s, 'slotline-prefetch0')));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

const costCell = (c: CpuCost | undefined) =>
  c
    ? `${c.nodeMs.median.toFixed(0)} + ${c.redisMs.median.toFixed(0)} = ${(c.nodeMs.median + c.redisMs.median).toFixed(0)}`
    : '–';

function costTable(scenarios: ScenarioResult[]): string[] {
  const rows = scenarios.filter((s) => s.cpuPer1000 && Object.keys(s.cpuPer1000).length > 0);
  if (rows.length === 0) return [];
  const ids = orderedIds(rows.map((s) => s.cpuPer1000));
  const head = ['scenario', ...ids.map((id) => systemLabel(id))];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const s of rows) {
    const title = s.id.endsWith('latency-p50') ? 'latency run (steady rate, idle worker)' : s.title;
    lines.push(`| ${[title, ...ids.map((id) => costCell(s.cpuPer1000?.[id]))].join(' | ')} |`);
  }
  return lines;
}

function clusterCallsTable(scenarios: ScenarioResult[]): string[] {
  const rows = scenarios.filter((s) => s.target === 'cluster' && s.commandStats);
  if (rows.length === 0) return [];
  const ids = orderedIds(rows.map((s) => s.commandStats));
  const head = ['scenario', ...ids.map((id) => `${systemLabel(id)} per master`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const s of rows) lines.push(`| ${[s.title, ...ids.map((id) => perMaster(s.commandStats?.[id]))].join(' | ')} |`);
  return lines;
}

/**
 * One column per comparison present: current ÷ baseline (`slotline` ÷ `slotline@<ref>`) and rate
 * limit ÷ none (`slotline-ratelimit` ÷ `slotline`), median over median. For latency rows (ms) above
 * 1 means slower; for throughput, faster.
 */
export function comparisonTable(scenarios: ScenarioResult[]): string[] {
  const pairs: Array<[SystemId, SystemId, string]> = [];
  for (const id of systemsIn(scenarios))
    if (id.startsWith('slotline@')) pairs.push(['slotline', id, `Slotline ÷ ${systemLabel(id)}`]);
  if (systemsIn(scenarios).includes('slotline-ratelimit'))
    pairs.push(['slotline-ratelimit', 'slotline', 'rate-limited ÷ no limit']);
  if (pairs.length === 0) return [];
  const head = ['scenario', 'unit', ...pairs.map((p) => p[2])];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const s of scenarios) {
    const cells = pairs.map(([a, b]) => ratioText(comparisonRatio(s, a, b)));
    if (cells.every((c) => c === '–')) continue;
    lines.push(`| ${[s.title, s.unit, ...cells].join(' | ')} |`);
  }
  return lines;
}

/** `a` against Bee-Queue: throughput a ÷ Bee-Queue, latency Bee-Queue ÷ a; above 1, `a` is better. */
export function ratioVsBee(s: ScenarioResult, a: SystemId): number | undefined {
  return s.unit === 'ms' ? comparisonRatio(s, 'bee-queue', a) : comparisonRatio(s, a, 'bee-queue');
}

/** median(a) ÷ median(b) in one scenario, undefined when either is missing. */
export function comparisonRatio(s: ScenarioResult, a: SystemId, b: SystemId): number | undefined {
  const x = s.systems?.[a]?.median;
  const y = s.systems?.[b]?.median;
  return x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y) || y === 0
    ? undefined
    : x / y;
}

function floorTable(floor: RawLatency[]): string[] {
  if (floor.length === 0) return [];
  const row = (name: string, pick: (f: RawLatency) => { p50: number; p99: number; max: number }) =>
    `| ${name} | ${(['p50', 'p99', 'max'] as const).map((q) => cell(spread(floor.map((f) => pick(f)[q])), 'ms')).join(' | ')} |`;
  return [
    '| what | p50 | p99 | max |',
    '|---|---|---|---|',
    row('PING round trip', (f) => f.ping),
    row('RPUSH → BLPOP wake-up', (f) => f.wake),
  ];
}

function redisBenchmarkTable(raw: RawFigure[]): string[] {
  if (raw.length === 0) return [];
  const lines = ['| command | plain | -P 16 |', '|---|---|---|'];
  for (const test of [...new Set(raw.map((r) => r.test))]) {
    const get = (p: number) => raw.find((r) => r.test === test && r.pipeline === p)?.rps;
    lines.push(`| ${test} | ${fmt(get(1), 'rps')} | ${fmt(get(16), 'rps')} |`);
  }
  return lines;
}

function minutes(s: number): string {
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${Math.round(s - m * 60)} s` : `${s.toFixed(0)} s`;
}

/** The paragraph that says which run this is and how loaded the machine was. */
export function describeRun(r: BenchResult): string[] {
  const m = r.machine;
  const v = loadVerdict(m);
  const load =
    `1-minute load ${m.loadavgStart.toFixed(2)} at the start and ${(m.loadavgEnd ?? NaN).toFixed(2)} at the end` +
    (m.loadavgSamples?.length
      ? ` (highest of ${m.loadavgSamples.length} samples during the run: ${Math.max(...m.loadavgSamples).toFixed(2)})`
      : '') +
    ` on ${m.cores} cores`;
  const meaning = {
    quiet: `a quiet machine (the load stayed below ${v.quietBelow.toFixed(1)}, ${QUIET_LOAD_PER_CORE} × cores)`,
    busy: `not a quiet machine (quiet means below ${v.quietBelow.toFixed(1)}, ${QUIET_LOAD_PER_CORE} × cores): other work shared the cores, so throughput and tails are noisier than on an idle machine`,
    overloaded: `not a quiet machine (quiet means below ${v.quietBelow.toFixed(1)}, ${QUIET_LOAD_PER_CORE} × cores): the load reached the core count, so every core was taken (the load average counts the bench's own Node process and redis-server processes too, which alone keep both cores of a 2-core machine busy during the heavy scenarios); compare ratios within this run, not absolute rates across runs`,
  }[v.word];
  return [
    `A ${r.mode} run of \`${r.command}\`, started ${r.startedAt}, wall time ${minutes(r.wallSeconds)}, on ${m.cores} × ${m.cpuModel}, ${m.memoryGb} GiB, ` +
      `Node ${m.node}, Redis ${m.redisServer}, ioredis ${m.ioredis}, BullMQ ${m.bullmq}${m.beeQueue ? `, Bee-Queue ${m.beeQueue}` : ''}, a ${r.payloadBytes}-byte payload, ${r.sizes.rounds} round(s) per system ` +
      `alternated on the same freshly flushed server.`,
    '',
    `Machine load: ${load}. That is ${meaning}.`,
  ];
}

const RATIO_NOTE = 'Ratios: throughput Slotline ÷ BullMQ, latency BullMQ ÷ Slotline; above 1, Slotline is better.';
const BEE_NOTE = 'Slotline ÷ Bee-Queue the same way (throughput Slotline ÷ Bee-Queue, latency Bee-Queue ÷ Slotline).';
const BEST_NOTE = '"Best BullMQ row" is the fastest of the BullMQ rows in that scenario.';

/**
 * Markdown for a result. `summary` (README.md): the run, the throughput tables, the goals.
 * `full` (bench/README.md and the console): adds the configuration record, CPU per task, cluster
 * calls per master, the latency floor and redis-benchmark.
 */
export function renderReport(input: BenchResult, variant: 'summary' | 'full' = 'full'): string {
  const r = normalizeResult(input);
  const out: string[] = [...describeRun(r), ''];
  for (const target of ['single', 'cluster'] as const) {
    const rows = r.scenarios.filter((s) => s.target === target && (s.systems || !s.ok));
    if (rows.length === 0) continue;
    out.push(
      target === 'single'
        ? 'One redis-server:'
        : 'Cluster of 3 masters + 3 replicas (Slotline: one queue of 3 partitions, one per master; BullMQ: one queue under a `{bench}` hash tag, so on one master; BullMQ ×3, where present: three queues on three tags, producers round-robin):',
      '',
      ...throughputTable(rows),
      '',
    );
    const cmp = comparisonTable(rows);
    if (cmp.length)
      out.push(
        `${target === 'single' ? 'One server' : 'Cluster'}, side by side (median ÷ median; for ms rows above 1 is slower, for tasks/s above 1 is faster):`,
        '',
        ...cmp,
        '',
      );
  }
  const multiBull = systemsIn(r.scenarios).filter(isBull).length > 1;
  const notes = [
    RATIO_NOTE,
    ...(systemsIn(r.scenarios).includes('bee-queue') ? [BEE_NOTE] : []),
    ...(multiBull ? [BEST_NOTE] : []),
  ];
  out.push(notes.join(' '));
  const skipped = (r.skipped ?? []) as Array<{ system: SystemId; reason: string; target?: Target }>;
  for (const x of skipped)
    out.push('', `Not run: ${systemLabel(x.system)}${x.target ? ` on the ${x.target}` : ''}, ${x.reason}.`);
  if (variant === 'full' || !r.systems)
    out.push(
      '',
      'Configuration as run (read back from the connections and workers the bench built):',
      '',
      ...configLines(r),
    );
  else
    out.push(
      '',
      "Every row's configuration as run, CPU per task and the cluster's calls per master: `bench/README.md`.",
    );
  if (variant === 'summary') {
    out.push('', 'Against the goals:', '', ...goalLines(r));
    return out.join('\n');
  }
  const cost = costTable(r.scenarios);
  out.push(
    '',
    'CPU time per 1000 tasks, ms, median of rounds: Node process (`process.cpuUsage()`) + every redis-server of the target (`INFO cpu`) = total. Steadier than throughput on a shared machine.',
    '',
  );
  for (const target of ['single', 'cluster'] as const) {
    const t = costTable(r.scenarios.filter((s) => s.target === target));
    if (t.length) out.push(`${target === 'single' ? 'One server' : 'Cluster'}:`, '', ...t, '');
  }
  if (cost.length === 0) out.push('This JSON has no CPU-per-task figures (its run predates them).', '');
  const calls = clusterCallsTable(r.scenarios);
  if (calls.length)
    out.push(
      'Cluster: Redis calls per master (ports ascending), summed over rounds, ± = largest gap from the mean',
      '',
      ...calls,
      '',
    );
  const floor = floorTable(r.latencyFloor);
  if (floor.length)
    out.push(
      'Latency floor: plain ioredis on the same server at the same pace (ms, median of rounds)',
      '',
      ...floor,
      '',
    );
  const rb = redisBenchmarkTable(r.redisBenchmark);
  if (rb.length) out.push('redis-benchmark on the same single server (requests/s, 50 clients)', '', ...rb, '');
  return out.join('\n').trimEnd();
}
