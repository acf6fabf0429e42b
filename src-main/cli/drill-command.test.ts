import { describe, expect, it } from 'vitest';
import type { CliIo } from './io';
import { main } from './main';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), confirm: async () => false };
  return { io, out, err };
}

// Every one of these is refused before a cluster is started (a started drill would print progress lines).
describe('slotline drill --mode reshard flags', () => {
  it.each([
    [['drill', '--mode', 'reshard', '--replicas', '6'], /--replicas 6 is out of range: expected 0\.\.5/],
    [['drill', '--mode', 'reshard', '--add', '0'], /--add 0 is out of range: expected 1\.\.12/],
    [['drill', '--mode', 'reshard', '--add', 'three'], /--add "three" is not a whole number/],
    [['drill', '--mode', 'reshard', '--spread-window', '0'], /--spread-window 0 is out of range/],
    [['drill', '--mode', 'reshard', '--kills', '2'], /--kills does not apply to --mode reshard/],
    [['drill', '--mode', 'reshard', '--partitions', '6'], /--partitions does not apply to --mode reshard/],
    [['drill', '--replicas', '0'], /--replicas is a --mode reshard flag/],
    [['drill', '--mode', 'reshuffle'], /--mode "reshuffle": expected kill, failover, pause, partition or reshard/],
  ])('slotline %j is a usage error', async (argv, says) => {
    const { io, err } = captureIo();
    expect(await main(argv, io)).toBe(2);
    expect(err.join('\n')).toMatch(says);
    expect(err.join('\n')).not.toMatch(/drill: starting/);
  });

  it('documents the reshard mode in its help', async () => {
    const { io, out } = captureIo();
    expect(await main(['drill', '--help'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/--mode reshard \[--rate 200\][\s\S]*--replicas 1[\s\S]*within ±10% of the mean/);
  });
});
