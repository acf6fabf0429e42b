/** What the monitor reads from one node's INFO reply. Absent fields were not in the reply. */
export interface NodeInfo {
  role?: 'master' | 'replica';
  /** The replication stream position this node has produced (masters) or holds (replicas, as master_repl_offset too). */
  masterReplOffset?: number;
  /** A replica's processed offset. */
  slaveReplOffset?: number;
  /** For a replica: `host:port` of its master, as the replica knows it. */
  masterAddress?: string;
  linkStatus?: 'up' | 'down';
  /** True while the node loads its dataset from disk (`loading:1`). */
  loading?: boolean;
  opsPerSec?: number;
  usedMemoryBytes?: number;
  connectedClients?: number;
  /** Keys in db0 (cluster nodes only have db0). */
  keys?: number;
  /** The `connected_slaveN` lines of a master: how it sees its replicas. */
  replicas: InfoReplica[];
}

/** One `slaveN:ip=…,port=…,state=…,offset=…,lag=…` line. */
export interface InfoReplica {
  address: string;
  state: string;
  offset?: number;
  lagSeconds?: number;
}

/**
 * Parses `key:value` lines (INFO, CLUSTER INFO) into a record. Section headers (`# Server`),
 * blank lines and CRLF endings are skipped, so any INFO or CLUSTER INFO text is accepted.
 */
export function parseInfoFields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** `a=1,b=x` → `{a:'1', b:'x'}` (the value format of `dbN` and `slaveN` lines). */
function parseCommaPairs(v: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of v.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

function hostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Parses one node's INFO text into the fields the topology view shows. */
export function parseInfo(text: string): NodeInfo {
  const f = parseInfoFields(text);
  const info: NodeInfo = { replicas: [] };
  // Redis still says `slave`; the console says `replica`.
  if (f.role === 'master') info.role = 'master';
  else if (f.role === 'slave' || f.role === 'replica') info.role = 'replica';
  info.masterReplOffset = num(f.master_repl_offset);
  info.slaveReplOffset = num(f.slave_repl_offset);
  if (f.master_host !== undefined && f.master_port !== undefined)
    info.masterAddress = hostPort(f.master_host, f.master_port);
  if (f.master_link_status === 'up' || f.master_link_status === 'down') info.linkStatus = f.master_link_status;
  if (f.loading !== undefined) info.loading = f.loading === '1';
  info.opsPerSec = num(f.instantaneous_ops_per_sec);
  info.usedMemoryBytes = num(f.used_memory);
  info.connectedClients = num(f.connected_clients);
  // An empty database has no db0 line at all: that is zero keys, not unknown.
  info.keys = f.db0 !== undefined ? num(parseCommaPairs(f.db0).keys) : /^# Keyspace/m.test(text) ? 0 : undefined;
  for (const [k, v] of Object.entries(f)) {
    if (!/^slave\d+$/.test(k)) continue;
    const p = parseCommaPairs(v);
    if (p.ip === undefined || p.port === undefined) continue;
    info.replicas.push({
      address: hostPort(p.ip, p.port),
      state: p.state ?? 'unknown',
      offset: num(p.offset),
      lagSeconds: num(p.lag),
    });
  }
  return info;
}

/** What the monitor reads from CLUSTER INFO. */
export interface ClusterInfo {
  state: 'ok' | 'fail' | 'unknown';
  currentEpoch?: number;
  knownNodes?: number;
}

/** Parses CLUSTER INFO text. */
export function parseClusterInfo(text: string): ClusterInfo {
  const f = parseInfoFields(text);
  const s = f.cluster_state;
  return {
    state: s === 'ok' || s === 'fail' ? s : 'unknown',
    currentEpoch: num(f.cluster_current_epoch),
    knownNodes: num(f.cluster_known_nodes),
  };
}
