import type { RawLatency } from './raw-latency';
import type { RawFigure } from './redis-benchmark';
import type { ScenarioResult } from './scenarios';
import { spread, type Spread } from './stats';
import type { MasterCommandStats } from './targets';

function fmt(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '–';
  if (unit === 'ms') return v < 10 ? v.toFixed(2) : v.toFixed(1);
  return v >= 10000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0);
}

function cell(s: Spread | undefined, unit: string): string {
  if (!s || s.samples.length === 0) return '–';
  return `${fmt(s.median, unit)} (${fmt(s.min, unit)}–${fmt(s.max, unit)})`;
}

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

/** The results as a Markdown table, plus cluster command counts and the raw Redis reference. */
export function renderTable(scenarios: ScenarioResult[], raw: RawFigure[], floor: RawLatency[] = []): string {
  const lines = [
    '| target | scenario | unit | Slotline median (min–max) | BullMQ median (min–max) | Slotline ÷ BullMQ |',
    '|---|---|---|---|---|---|',
  ];
  for (const s of scenarios) {
    const ratio =
      s.ratio === undefined ? (s.ok ? '–' : `FAILED: ${s.error ?? 'no numbers'}`) : `${s.ratio.toFixed(2)}×`;
    lines.push(
      `| ${s.target} | ${s.title} | ${s.unit} | ${cell(s.slotline, s.unit)} | ${cell(s.bullmq, s.unit)} | ${ratio} |`,
    );
  }
  lines.push('', 'Ratio: throughput Slotline/BullMQ; latency BullMQ/Slotline. Above 1 = Slotline better.');
  const withStats = scenarios.filter((s) => s.target === 'cluster' && s.commandStats);
  if (withStats.length > 0) {
    lines.push(
      '',
      'Cluster: Redis calls per master (ports ascending), summed over rounds, ± = largest gap from the mean',
      '',
    );
    lines.push('| scenario | Slotline per master | BullMQ per master |', '|---|---|---|');
    for (const s of withStats)
      lines.push(`| ${s.title} | ${perMaster(s.commandStats?.slotline)} | ${perMaster(s.commandStats?.bullmq)} |`);
  }
  if (floor.length > 0) {
    const med = (xs: number[]) => spread(xs);
    const row = (name: string, pick: (f: RawLatency) => { p50: number; p99: number; max: number }) =>
      `| ${name} | ${cell(med(floor.map((f) => pick(f).p50)), 'ms')} | ${cell(med(floor.map((f) => pick(f).p99)), 'ms')} | ${cell(med(floor.map((f) => pick(f).max)), 'ms')} |`;
    lines.push('', 'Latency floor: plain ioredis on the same server at the same pace (ms, median of rounds)', '');
    lines.push('| what | p50 | p99 | max |', '|---|---|---|---|');
    lines.push(
      row('PING round trip', (f) => f.ping),
      row('RPUSH → BLPOP wake-up', (f) => f.wake),
    );
  }
  if (raw.length > 0) {
    lines.push('', 'redis-benchmark on the same single server (requests/s, 50 clients)', '');
    lines.push('| command | plain | -P 16 |', '|---|---|---|');
    for (const test of [...new Set(raw.map((r) => r.test))]) {
      const get = (p: number) => raw.find((r) => r.test === test && r.pipeline === p)?.rps;
      lines.push(`| ${test} | ${fmt(get(1) ?? NaN, 'rps')} | ${fmt(get(16) ?? NaN, 'rps')} |`);
    }
  }
  return lines.join('\n');
}
