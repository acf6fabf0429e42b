import type { Retention, RetentionRule } from '../types/queue';

const UNITS: Array<[ms: number, unit: string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/** A whole age in the largest unit that divides it (`1 d`, `36 h`, `90 s`); `1500 ms` otherwise. */
export function formatAge(ms: number): string {
  if (ms === 0) return '0 ms';
  for (const [size, unit] of UNITS) if (ms % size === 0) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}

/** One rule in words: `last 10,000, none older than 1 d` (the numbers as stored, 0 included). */
export function formatRetentionRule(r: RetentionRule): string {
  return `last ${r.maxCount.toLocaleString('en-US')}, none older than ${formatAge(r.maxAgeMs)}`;
}

/** A queue's retention in one line, as the CLI and the console show it (cancelled follows failed). */
export function formatRetention(r: Retention): string {
  return `completed: ${formatRetentionRule(r.completed)}; failed and cancelled: ${formatRetentionRule(r.failed)}`;
}
