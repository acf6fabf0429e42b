/** Small display formatters shared by views. */

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatTime(at: number | undefined): string {
  if (at === undefined) return '—';
  return new Date(at).toLocaleTimeString();
}

export function formatDateTime(at: number | undefined): string {
  if (at === undefined) return '—';
  return new Date(at).toLocaleString();
}

/** The same instant in UTC, to the second: `2026-03-29 01:00:00 UTC`. */
export function formatUtc(at: number | undefined): string {
  if (at === undefined) return '—';
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatRate(perSec: number | undefined): string {
  if (perSec === undefined) return '—';
  return `${perSec.toFixed(perSec < 10 ? 1 : 0)}/s`;
}

export function formatRange([start, end]: readonly [number, number]): string {
  return start === end ? `${start}` : `${start}–${end}`;
}

// One formatter for every count: toLocaleString builds a new one per call, which shows in live tables.
const COUNT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return COUNT.format(n);
}
