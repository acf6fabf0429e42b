import { SlotlineError } from '../../shared/errors';
import { requireLoopback } from '../harness/loopback-address';

/** Slotline's own iptables chain: every rule it adds lives here, so removing it removes them all. */
export const PARTITION_CHAIN = 'SLOTLINE-PARTITION';

/**
 * The two jumps into the chain. Only packets on the loopback interface are sent there (`-i lo`
 * on INPUT, `-o lo` on OUTPUT), so nothing the chain holds can touch any other traffic.
 */
export function jumpRules(): string[][] {
  return [
    ['INPUT', '-i', 'lo', '-j', PARTITION_CHAIN],
    ['OUTPUT', '-o', 'lo', '-j', PARTITION_CHAIN],
  ];
}

/**
 * DROP rules (chain-relative, for `iptables -A`) that cut every packet between a side `a` and a
 * side `b`, both directions. Every address must be in 127.0.0.0/8, and the sides must not
 * overlap (an address on both sides would cut a node off from itself).
 */
export function dropRules(a: readonly string[], b: readonly string[]): string[][] {
  if (a.length === 0 || b.length === 0)
    throw new SlotlineError(
      'invalid-argument',
      `partition sides [${a.join(',')}] | [${b.join(',')}]: expected at least one address on each side`,
    );
  for (const x of [...a, ...b]) requireLoopback(x, 'partition address');
  const both = a.filter((x) => b.includes(x));
  if (both.length > 0)
    throw new SlotlineError(
      'invalid-argument',
      `partition sides overlap on ${both.join(',')}: expected each address on one side only`,
    );
  const out: string[][] = [];
  for (const x of a)
    for (const y of b) {
      out.push([PARTITION_CHAIN, '-s', `${x}/32`, '-d', `${y}/32`, '-j', 'DROP']);
      out.push([PARTITION_CHAIN, '-s', `${y}/32`, '-d', `${x}/32`, '-j', 'DROP']);
    }
  return out;
}

/**
 * From `iptables -S` output, the `-D …` argument lists that delete every rule jumping to the
 * chain (ours, or a leftover of a crashed run), whatever their form.
 */
export function jumpsToDelete(listing: string): string[][] {
  return listing
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('-A ') && new RegExp(`-j ${PARTITION_CHAIN}(\\s|$)`).test(l))
    .map((l) => ['-D', ...l.slice(3).split(/\s+/)]);
}

/** True when `iptables -S` output holds any Slotline chain or rule. */
export function hasSlotlineRules(listing: string): boolean {
  return listing.includes(PARTITION_CHAIN);
}
