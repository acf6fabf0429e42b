import net from 'node:net';
import { SlotlineError } from '../../shared/errors';

/** An address outside 127.0.0.0/8 given where only loopback is allowed. */
export class NotLoopbackError extends SlotlineError {
  constructor(what: string, value: string) {
    super(
      'not-loopback',
      `${what} ${JSON.stringify(value)} is not a loopback IPv4 address: expected one in 127.0.0.0/8, e.g. 127.0.0.11`,
    );
  }
}

/** True for a dotted IPv4 address in 127.0.0.0/8 (every one of them is loopback on Linux). */
export function isLoopbackV4(address: string): boolean {
  return net.isIPv4(address) && address.split('.')[0] === '127';
}

/** Returns `address` when it is in 127.0.0.0/8; otherwise throws NotLoopbackError naming `what`. */
export function requireLoopback(address: string, what = 'address'): string {
  if (!isLoopbackV4(address)) throw new NotLoopbackError(what, address);
  return address;
}

/** `127.0.0.11,127.0.0.12` → addresses, each checked; duplicates are refused. */
export function parseHostList(text: string, what = '--hosts'): string[] {
  const hosts = text
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  if (hosts.length === 0)
    throw new SlotlineError('invalid-argument', `${what} ${JSON.stringify(text)}: expected 127.x.y.z,127.x.y.z,…`);
  for (const h of hosts) requireLoopback(h, what);
  const dup = hosts.find((h, i) => hosts.indexOf(h) !== i);
  if (dup) throw new SlotlineError('invalid-argument', `${what}: ${dup} is listed twice: expected distinct addresses`);
  return hosts;
}

/**
 * `127.0.0.11-16` (last octet range) or `127.0.0.11-127.0.0.16` → the addresses in between,
 * each in 127.0.0.0/8 and at most 256 of them.
 */
export function parseHostRange(text: string, what = '--host-range'): string[] {
  const m = /^(\d+\.\d+\.\d+\.)(\d+)-(?:(\d+\.\d+\.\d+\.)?(\d+))$/.exec(text.trim());
  if (!m)
    throw new SlotlineError(
      'invalid-argument',
      `${what} ${JSON.stringify(text)}: expected FIRST-LAST, e.g. 127.0.0.11-16 or 127.0.0.11-127.0.0.16`,
    );
  const prefix = m[1]!;
  if (m[3] !== undefined && m[3] !== prefix)
    throw new SlotlineError(
      'invalid-argument',
      `${what} ${JSON.stringify(text)}: both ends must share the first three octets (${prefix}…)`,
    );
  const from = Number(m[2]);
  const to = Number(m[4]);
  if (to < from || to > 255)
    throw new SlotlineError('invalid-argument', `${what} ${JSON.stringify(text)}: expected FIRST <= LAST <= 255`);
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(requireLoopback(`${prefix}${i}`, what));
  return out;
}
