import { createHash } from 'node:crypto';
import { AUDIT_KEY } from '../queue/keys';
import type { RedisHandle } from '../redis/handle';

/**
 * A hash of every key on every master: type, value (DUMP; a HASH's fields and values sorted, since
 * DUMP writes a hashtable-encoded hash in its iteration order, which a mere read can change by
 * advancing an incremental rehash) and whether it expires. The audit log is left out: recording a
 * refused mutating call (with its error) is its purpose, not a change the call made. So are the
 * queues' history buckets (`{tag}:hist:…`): the connected console writes its depth samples there
 * on its own, once a minute, whatever the calls do. And so are the workers' reserve receipts
 * (`{tag}:rsv:<worker id>`): an earlier test's worker wrote them, and they expire on their own a
 * lease later, in the middle of whatever test runs then.
 */
export async function digestAll(handle: RedisHandle): Promise<{ keys: number; digest: string; rows: string[] }> {
  const rows: string[] = [];
  for (const node of handle.masters()) {
    let cursor = '0';
    do {
      const [next, keys] = (await node.call('SCAN', cursor, 'COUNT', 1000)) as [string, string[]];
      cursor = next;
      for (const k of keys) {
        if (k === AUDIT_KEY || k.includes('}:hist:') || k.includes('}:rsv:')) continue;
        const [type, ttl] = await Promise.all([node.call('TYPE', k), node.call('PTTL', k)]);
        const value =
          type === 'hash' ? sortedPairs((await node.call('HGETALL', k)) as string[]) : await node.call('DUMP', k);
        rows.push(`${k}\0${String(type)}\0${String(value)}\0${Number(ttl) >= 0 ? 'expires' : 'kept'}`);
      }
    } while (cursor !== '0');
  }
  rows.sort();
  return { keys: rows.length, digest: createHash('sha256').update(rows.join('\n')).digest('hex'), rows };
}

/** A HGETALL reply as sorted `field=value` lines, independent of the hash's iteration order. */
function sortedPairs(flat: string[]): string {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push(`${JSON.stringify(flat[i])}=${JSON.stringify(flat[i + 1])}`);
  return pairs.sort().join('\n');
}

/** The keys whose type, value or expiry differ between two digests (for a failure message). */
export function changedKeys(a: { rows: string[] }, b: { rows: string[] }): string[] {
  const sa = new Set(a.rows);
  const sb = new Set(b.rows);
  const name = (r: string) => r.split('\0')[0]!;
  return [...new Set([...a.rows.filter((r) => !sb.has(r)), ...b.rows.filter((r) => !sa.has(r))].map(name))];
}
