import { createHash } from 'node:crypto';
import { AUDIT_KEY } from '../../queue/keys';
import type { RedisHandle } from '../../redis/handle';

/**
 * A hash of every key on every master: type, value (DUMP) and whether it expires. The audit log
 * is left out: recording a refused mutating call (with its error) is its purpose, not a change
 * the call made.
 */
export async function digestAll(handle: RedisHandle): Promise<{ keys: number; digest: string; rows: string[] }> {
  const rows: string[] = [];
  for (const node of handle.masters()) {
    let cursor = '0';
    do {
      const [next, keys] = (await node.call('SCAN', cursor, 'COUNT', 1000)) as [string, string[]];
      cursor = next;
      for (const k of keys) {
        if (k === AUDIT_KEY) continue;
        const [type, dump, ttl] = await Promise.all([node.call('TYPE', k), node.call('DUMP', k), node.call('PTTL', k)]);
        rows.push(`${k}\0${String(type)}\0${String(dump)}\0${Number(ttl) >= 0 ? 'expires' : 'kept'}`);
      }
    } while (cursor !== '0');
  }
  rows.sort();
  return { keys: rows.length, digest: createHash('sha256').update(rows.join('\n')).digest('hex'), rows };
}

/** The keys whose type, value or expiry differ between two digests (for a failure message). */
export function changedKeys(a: { rows: string[] }, b: { rows: string[] }): string[] {
  const sa = new Set(a.rows);
  const sb = new Set(b.rows);
  const name = (r: string) => r.split('\0')[0]!;
  return [...new Set([...a.rows.filter((r) => !sb.has(r)), ...b.rows.filter((r) => !sa.has(r))].map(name))];
}
