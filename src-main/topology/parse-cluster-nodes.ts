import type { SlotMigration, SlotRange } from '../../shared/types/topology';

/** One line of CLUSTER NODES, as the answering node sees that node. */
export interface NodesLine {
  id: string;
  /** `host:port` (the cluster bus port and hostname are dropped); `:0` for a `noaddr` node. */
  address: string;
  /** Every flag as given, e.g. `myself`, `master`, `slave`, `fail?`, `fail`, `handshake`, `noaddr`. */
  flags: string[];
  role: 'master' | 'replica';
  /** For a replica: its master's id. */
  masterId?: string;
  pingSent: number;
  pongReceived: number;
  configEpoch: number;
  linkState: 'connected' | 'disconnected';
  slots: SlotRange[];
  /** Open migrations this node reports about itself (only the `myself` line carries them). */
  migrations: SlotMigration[];
}

/** A parsed CLUSTER NODES reply. */
export interface NodesView {
  /** The node that answered (its `myself` line), when present. */
  myselfId?: string;
  nodes: NodesLine[];
}

/** `ip:port@cport[,hostname]` → `ip:port`; IPv6 hosts get brackets, as formatHostPort writes them. */
export function parseNodeAddress(field: string): string {
  const hostPort = field.split(',')[0]!.split('@')[0]!;
  const i = hostPort.lastIndexOf(':');
  if (i < 0) return hostPort;
  const host = hostPort.slice(0, i);
  const port = hostPort.slice(i + 1);
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

function parseSlotField(field: string, selfId: string, out: { slots: SlotRange[]; migrations: SlotMigration[] }): void {
  // `[slot->-toId]`: this node is migrating slot to toId; `[slot-<-fromId]`: importing from fromId.
  const marker = /^\[(\d+)-([<>])-([0-9a-f]+)\]$/.exec(field);
  if (marker) {
    const slot = Number(marker[1]);
    const other = marker[3]!;
    out.migrations.push(
      marker[2] === '>' ? { slot, fromId: selfId, toId: other } : { slot, fromId: other, toId: selfId },
    );
    return;
  }
  const range = /^(\d+)(?:-(\d+))?$/.exec(field);
  if (!range) return;
  const a = Number(range[1]);
  out.slots.push([a, range[2] === undefined ? a : Number(range[2])]);
}

/**
 * Parses CLUSTER NODES text:
 * `<id> <ip:port@cport[,hostname]> <flags> <master|-> <ping-sent> <pong-recv> <config-epoch> <link-state> <slot>…`.
 * Lines that do not have the eight fixed fields are skipped rather than failing the whole view,
 * since a partial view is still useful while a node is joining.
 */
export function parseClusterNodes(text: string): NodesView {
  const view: NodesView = { nodes: [] };
  for (const raw of text.split(/\r?\n/)) {
    const parts = raw.trim().split(/\s+/);
    if (parts.length < 8) continue;
    const [id, addr, flagField, master, pingSent, pong, epoch, link] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const flags = flagField.split(',').filter((f) => f !== '' && f !== 'noflags');
    const line: NodesLine = {
      id,
      address: parseNodeAddress(addr),
      flags,
      role: flags.includes('slave') || flags.includes('replica') ? 'replica' : 'master',
      pingSent: Number(pingSent) || 0,
      pongReceived: Number(pong) || 0,
      configEpoch: Number(epoch) || 0,
      linkState: link === 'connected' ? 'connected' : 'disconnected',
      slots: [],
      migrations: [],
    };
    if (master !== '-') line.masterId = master;
    for (const field of parts.slice(8)) parseSlotField(field, id, line);
    if (flags.includes('myself')) view.myselfId = id;
    view.nodes.push(line);
  }
  return view;
}
