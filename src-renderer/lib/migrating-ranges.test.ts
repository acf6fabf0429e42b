import { describe, expect, it } from 'vitest';
import { snapshot3x3 } from '../testing/fixtures';
import { migratingRanges, migratingSignature } from './migrating-ranges';

describe('migratingRanges', () => {
  it('joins consecutive slots with the same source and target, and names both sides', () => {
    const s = snapshot3x3();
    s.migrations = [
      { slot: 12, fromId: 'm0', toId: 'm1' },
      { slot: 10, fromId: 'm0', toId: 'm1' },
      { slot: 11, fromId: 'm0', toId: 'm1' },
      { slot: 11, fromId: 'm0', toId: 'm1' },
      { slot: 14, fromId: 'm0', toId: 'm1' },
      { slot: 6000, fromId: 'm1', toId: 'gone' },
    ];
    expect(migratingRanges(s)).toEqual([
      { start: 10, end: 12, fromId: 'm0', toId: 'm1', fromAddress: '127.0.0.1:7000', toAddress: '127.0.0.1:7001' },
      { start: 14, end: 14, fromId: 'm0', toId: 'm1', fromAddress: '127.0.0.1:7000', toAddress: '127.0.0.1:7001' },
      { start: 6000, end: 6000, fromId: 'm1', toId: 'gone', fromAddress: '127.0.0.1:7001', toAddress: 'gone' },
    ]);
  });

  it('is empty with no snapshot or no migrations', () => {
    expect(migratingRanges(null)).toEqual([]);
    expect(migratingRanges(snapshot3x3())).toEqual([]);
  });
});

describe('migratingSignature', () => {
  it('is the same for the same migrations in a new array, and differs when a range grows or changes side', () => {
    const s = snapshot3x3();
    s.migrations = [10, 11].map((slot) => ({ slot, fromId: 'm0', toId: 'm1' }));
    const sig = migratingSignature(migratingRanges(s));
    expect(migratingSignature(migratingRanges(structuredClone(s)))).toBe(sig);
    expect(migratingSignature([])).toBe('');
    const grown = structuredClone(s);
    grown.migrations.push({ slot: 12, fromId: 'm0', toId: 'm1' });
    expect(migratingSignature(migratingRanges(grown))).not.toBe(sig);
    const other = structuredClone(s);
    other.migrations = other.migrations.map((m) => ({ ...m, toId: 'm2' }));
    expect(migratingSignature(migratingRanges(other))).not.toBe(sig);
  });
});
