import type { AuditEntry } from '../../shared/types/audit';

/** The target of a record in words: `emails`, `emails / t-1`, `emails (3 ids)`, `node abc`. */
export function describeTarget(t: AuditEntry['target']): string {
  const parts: string[] = [];
  if (t.queue) parts.push(t.queue);
  if (t.id) parts.push(`/ ${t.id}`);
  if (t.ids !== undefined) parts.push(`(${t.ids} id${t.ids === 1 ? '' : 's'})`);
  if (t.node) parts.push(`node ${t.node}`);
  return parts.join(' ') || '—';
}

/** The filter of a record in words: `state=failed olderThanMs=60000`. */
export function describeFilter(f: AuditEntry['filter']): string {
  return Object.entries(f)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

const COLUMNS = ['time', 'who', 'action', 'target', 'filter', 'count', 'outcome', 'error', 'durationMs'] as const;

function csvCell(v: string): string {
  // Quote every cell that needs it; a leading =, +, - or @ is prefixed so a spreadsheet shows
  // it as text instead of running it as a formula.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) || safe !== v ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The records as CSV (RFC 4180, one header line), times in ISO 8601 UTC. */
export function auditToCsv(entries: AuditEntry[]): string {
  const lines = [COLUMNS.join(',')];
  for (const e of entries) {
    const row = [
      new Date(e.at).toISOString(),
      e.who,
      e.action,
      describeTarget(e.target),
      describeFilter(e.filter),
      e.count === undefined ? '' : String(e.count),
      e.outcome,
      e.error ?? '',
      String(e.durationMs),
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** The records as pretty JSON, as stored. */
export function auditToJson(entries: AuditEntry[]): string {
  return JSON.stringify(entries, null, 2) + '\n';
}
