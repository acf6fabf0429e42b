import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartitionInjector, probeIptables } from './partition-injector';
import { PARTITION_CHAIN } from './partition-rules';

const probe = probeIptables(() => undefined);
if (!probe.usable) process.stdout.write(`partition-injector tests skipped: ${probe.reason}\n`);
const HOLDER = path.join(__dirname, 'fixtures', 'hold-partition.ts');

function slotlineRules(): string[] {
  return execFileSync('iptables', ['-w', '5', '-S'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('SLOTLINE'));
}

/** Connects from `from` to the listener; true when it connected within 1 s. */
function reaches(from: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createConnection({ host: '127.0.0.92', port, localAddress: from });
    const t = setTimeout(() => (s.destroy(), resolve(false)), 1000);
    s.once('connect', () => (clearTimeout(t), s.destroy(), resolve(true)));
    s.once('error', () => (clearTimeout(t), resolve(false)));
  });
}

/** Starts the holder in its own process group and resolves once it reports the cut. */
function startHolder(): Promise<{ child: ChildProcess; output: () => string }> {
  // One node process with tsx's loader, as bin/slotline.mjs runs the CLI from a clone: the tsx
  // wrapper would add a second process that relays (and may race) the signal.
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`holder did not cut within 20 s: ${out}`)), 20000);
    child.stdout!.on('data', () => {
      if (!out.includes('cut\n')) return;
      clearTimeout(t);
      resolve({ child, output: () => out });
    });
    child.once('exit', (code) => (clearTimeout(t), reject(new Error(`holder exited ${code}: ${out}`))));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => reject(new Error('holder did not exit within 15 s')), 15000);
    child.once('exit', () => (clearTimeout(t), resolve()));
  });
}

describe.skipIf(!probe.usable)('partition injector (iptables, needs root)', () => {
  let server: net.Server;
  let port = 0;
  beforeAll(async () => {
    server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.92', () => r()));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('cuts exactly the chosen addresses, and close() leaves no Slotline rule', async () => {
    const injector = PartitionInjector.open();
    try {
      expect(await reaches('127.0.0.91', port)).toBe(true);
      injector.cut(['127.0.0.91'], ['127.0.0.92']);
      expect(await reaches('127.0.0.91', port)).toBe(false);
      expect(await reaches('127.0.0.93', port)).toBe(true);
      expect(slotlineRules()).toContain('-A INPUT -i lo -j SLOTLINE-PARTITION');
      injector.heal();
      expect(await reaches('127.0.0.91', port)).toBe(true);
    } finally {
      injector.close();
    }
    expect(slotlineRules()).toEqual([]);
  });

  it('SIGINT to the process group (Ctrl-C) removes the rules', async () => {
    const { child } = await startHolder();
    expect(slotlineRules().length).toBeGreaterThan(0);
    expect(await reaches('127.0.0.91', port)).toBe(false);
    process.kill(-child.pid!, 'SIGINT');
    await exited(child);
    // The clean-up runs, then the process dies of the signal it got.
    expect(String(child.signalCode ?? child.exitCode)).toMatch(/^(SIGINT|130)$/);
    expect(slotlineRules()).toEqual([]);
    expect(await reaches('127.0.0.91', port)).toBe(true);
  }, 40000);

  it('a run killed outright leaves its chain, and the next run removes it and says so', async () => {
    const { child } = await startHolder();
    process.kill(-child.pid!, 'SIGKILL');
    await exited(child);
    expect(slotlineRules().some((l) => l.includes(`-N ${PARTITION_CHAIN}`))).toBe(true);
    const lines: string[] = [];
    expect(probeIptables((l) => lines.push(l))).toEqual({ usable: true });
    expect(lines.join('\n')).toMatch(/removed \d+ iptables line\(s\) of chain SLOTLINE-PARTITION left behind/);
    expect(slotlineRules()).toEqual([]);
  }, 40000);
});
