import type { SlotRange } from '../../shared/types/topology';

/** One node entry of a CLUSTER SHARDS reply. */
export interface ShardsNode {
  id: string;
  /** `host:port`, from `ip` (or `endpoint`) and `port`/`tls-port`. */
  address: string;
  endpoint?: string;
  hostname?: string;
  role: 'master' | 'replica';
  replicationOffset?: number;
  /** `online`, `failed` (mapped to `fail`) or `loading`, as gossip reports it. */
  health: 'online' | 'fail' | 'loading' | 'unknown';
}

/** One shard of a CLUSTER SHARDS reply: its slot ranges and nodes. */
export interface ShardsEntry {
  slots: SlotRange[];
  nodes: ShardsNode[];
}

/** A key/value list (`['a', 1, 'b', 2]`) or an object (RESP3 maps) → a record. */
function pairs(v: unknown): Record<string, unknown> {
  if (Array.isArray(v)) {
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < v.length; i += 2) out[String(v[i])] = v[i + 1];
    return out;
  }
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), x]));
  if (v !== null && typeof v === 'object') return v as Record<string, unknown>;
  return {};
}

function toNum(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString();
  return undefined;
}

function parseNode(raw: unknown): ShardsNode | undefined {
  const p = pairs(raw);
  const id = str(p.id);
  if (!id) return undefined;
  const host = str(p.ip) ?? str(p.endpoint) ?? '';
  const port = toNum(p.port) ?? toNum(p['tls-port']) ?? 0;
  const h = str(p.health);
  const node: ShardsNode = {
    id,
    address: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    role: str(p.role) === 'master' ? 'master' : 'replica',
    replicationOffset: toNum(p['replication-offset']),
    health:
      h === 'online' ? 'online' : h === 'failed' || h === 'fail' ? 'fail' : h === 'loading' ? 'loading' : 'unknown',
  };
  const endpoint = str(p.endpoint);
  if (endpoint !== undefined) node.endpoint = endpoint;
  const hostname = str(p.hostname);
  if (hostname !== undefined) node.hostname = hostname;
  return node;
}

/**
 * Parses a Redis 7 CLUSTER SHARDS reply as ioredis returns it: an array of shards, each a flat
 * key/value list `['slots', [a1, b1, a2, b2, …], 'nodes', [[ 'id', …, 'port', 7000, … ], …]]`.
 * Anything that is not that shape yields an empty list, so callers fall back to CLUSTER NODES.
 */
export function parseClusterShards(reply: unknown): ShardsEntry[] {
  if (!Array.isArray(reply)) return [];
  const out: ShardsEntry[] = [];
  for (const rawShard of reply) {
    const shard = pairs(rawShard);
    const flat = Array.isArray(shard.slots) ? shard.slots.map(toNum) : [];
    const slots: SlotRange[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const a = flat[i];
      const b = flat[i + 1];
      if (a !== undefined && b !== undefined) slots.push([a, b]);
    }
    const nodes = (Array.isArray(shard.nodes) ? shard.nodes : [])
      .map(parseNode)
      .filter((n): n is ShardsNode => n !== undefined);
    out.push({ slots, nodes });
  }
  return out;
}
