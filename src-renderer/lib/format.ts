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

/** A short age for a glance: `42 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

// toLocaleTimeString's own options, in one formatter: the call builds a new one each time, which
// showed in the live charts' labels (several a second).
const TIME = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: 'numeric', second: 'numeric' });

export function formatTime(at: number | undefined): string {
  if (at === undefined) return '—';
  return TIME.format(at);
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

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A count that fits a small tile: in full below a million, then `1.8M`, `179.6B`. */
export function formatCountShort(n: number): string {
  return Math.abs(n) < 1_000_000 ? formatCount(n) : COMPACT.format(n);
}
