import { describe, expect, it } from 'vitest';
import { dropRules, hasSlotlineRules, jumpRules, jumpsToDelete, PARTITION_CHAIN } from './partition-rules';

describe('partition rules', () => {
  it('jumps into its own chain from the loopback interface only', () => {
    expect(jumpRules()).toEqual([
      ['INPUT', '-i', 'lo', '-j', 'SLOTLINE-PARTITION'],
      ['OUTPUT', '-o', 'lo', '-j', 'SLOTLINE-PARTITION'],
    ]);
  });

  it('drops both directions between every pair of the two sides, inside its chain', () => {
    const rules = dropRules(['127.0.0.11'], ['127.0.0.12', '127.0.0.2']);
    expect(rules).toEqual([
      [PARTITION_CHAIN, '-s', '127.0.0.11/32', '-d', '127.0.0.12/32', '-j', 'DROP'],
      [PARTITION_CHAIN, '-s', '127.0.0.12/32', '-d', '127.0.0.11/32', '-j', 'DROP'],
      [PARTITION_CHAIN, '-s', '127.0.0.11/32', '-d', '127.0.0.2/32', '-j', 'DROP'],
      [PARTITION_CHAIN, '-s', '127.0.0.2/32', '-d', '127.0.0.11/32', '-j', 'DROP'],
    ]);
  });

  it('refuses any address outside 127.0.0.0/8, empty sides and overlapping sides', () => {
    expect(() => dropRules(['127.0.0.11'], ['192.168.0.1'])).toThrow(
      'partition address "192.168.0.1" is not a loopback IPv4 address',
    );
    expect(() => dropRules(['0.0.0.0/0'], ['127.0.0.1'])).toThrow('"0.0.0.0/0" is not a loopback');
    expect(() => dropRules([], ['127.0.0.1'])).toThrow('at least one address on each side');
    expect(() => dropRules(['127.0.0.11', '127.0.0.12'], ['127.0.0.12'])).toThrow('overlap on 127.0.0.12');
  });

  it('finds every jump to the chain in a listing, and only those', () => {
    const listing = [
      '-P INPUT ACCEPT',
      '-N SLOTLINE-PARTITION',
      '-N SLOTLINE-PARTITIONX',
      '-A INPUT -i lo -j SLOTLINE-PARTITION',
      '-A INPUT -s 10.0.0.0/8 -j DROP',
      '-A OUTPUT -o lo -j SLOTLINE-PARTITION',
      '-A OUTPUT -j SLOTLINE-PARTITIONX',
      '-A SLOTLINE-PARTITION -s 127.0.0.11/32 -d 127.0.0.12/32 -j DROP',
    ].join('\n');
    expect(jumpsToDelete(listing)).toEqual([
      ['-D', 'INPUT', '-i', 'lo', '-j', 'SLOTLINE-PARTITION'],
      ['-D', 'OUTPUT', '-o', 'lo', '-j', 'SLOTLINE-PARTITION'],
    ]);
    expect(hasSlotlineRules(listing)).toBe(true);
    expect(hasSlotlineRules('-P INPUT ACCEPT\n-A INPUT -j DROP')).toBe(false);
  });
});
