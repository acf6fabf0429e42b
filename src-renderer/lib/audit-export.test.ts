import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/types/audit';
import { auditToCsv, auditToJson, describeFilter, describeTarget } from './audit-export';

const entry = (extra: Partial<AuditEntry> = {}): AuditEntry => ({
  id: '1-0',
  at: Date.UTC(2026, 11, 1, 3, 0, 0),
  who: 'desktop:ops@host',
  action: 'queue:purge',
  target: { queue: 'emails' },
  filter: { state: 'failed', olderThanMs: 60000 },
  count: 7,
  outcome: 'ok',
  durationMs: 12.5,
  ...extra,
});

describe('audit export', () => {
  it('describes targets and filters', () => {
    expect(describeTarget({ queue: 'emails', id: 't-1' })).toBe('emails / t-1');
    expect(describeTarget({ queue: 'emails', ids: 3 })).toBe('emails (3 ids)');
    expect(describeTarget({ node: 'abc' })).toBe('node abc');
    expect(describeTarget({})).toBe('—');
    expect(describeFilter({ state: 'failed', olderThanMs: 60000 })).toBe('state=failed olderThanMs=60000');
  });

  it('writes CSV with a header, quoting commas and quotes, and defusing formulas', () => {
    const csv = auditToCsv([
      entry(),
      entry({ outcome: 'error', error: 'boom: "x", y', count: undefined, who: '=cmd' }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('time,who,action,target,filter,count,outcome,error,durationMs');
    expect(lines[1]).toBe(
      '2026-12-01T03:00:00.000Z,desktop:ops@host,queue:purge,emails,state=failed olderThanMs=60000,7,ok,,12.5',
    );
    expect(lines[2]).toBe(
      `2026-12-01T03:00:00.000Z,"'=cmd",queue:purge,emails,state=failed olderThanMs=60000,,error,"boom: ""x"", y",12.5`,
    );
    expect(lines[3]).toBe('');
  });

  it('writes JSON that parses back to the records', () => {
    expect(JSON.parse(auditToJson([entry()]))).toEqual([entry()]);
  });
});
