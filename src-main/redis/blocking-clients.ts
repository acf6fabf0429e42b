import calculateSlot from 'cluster-key-slot';
import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import { formatHostPort, parseNodeAddress, type HostPort } from '../../shared/host-port';
import { SlotlineError } from '../../shared/errors';
import type { BlockingClients, BlockingLease, RedisArg } from './handle';

/** No master is known for a key's slot (the cluster client has not loaded its slot map yet). */
export class NoMasterError extends SlotlineError {
  constructor(key: string, slot: number) {
    super('no-master', `no master is known for slot ${slot} (key ${key}) yet: the slot map is still loading`);
  }
}

/**
 * Options of every blocking connection. No reconnects: a connection that drops fails its command
 * at once (ioredis would otherwise re-send an interrupted BLPOP after a failover and may wait
 * forever, bullmq #4138), and the next wait takes a fresh one to the slot's current master.
 */
const BLOCKING: RedisOptions = {
  lazyConnect: false,
  enableOfflineQueue: true,
  enableAutoPipelining: false,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
};

/** Where the pool's connections go and how they are made. */
export type BlockingTarget =
  | { kind: 'single'; client: Redis; connectionName: string }
  | {
      kind: 'cluster';
      client: Cluster;
      connectionName: string;
      /** Announced `host:port` → reachable address, as in the settings (MOVED names announced ones). */
      natMap?: Record<string, HostPort>;
    };

/** The ioredis pool behind RedisHandle.blockingClients(). */
export class IoBlockingClients implements BlockingClients {
  private readonly idle = new Map<string, Redis[]>();
  private readonly leased = new Map<Redis, string>();
  /** Slot → master named by a MOVED reply, until the cluster client's next slot refresh. */
  private readonly moved = new Map<number, string>();
  private readonly offRefresh: () => void;
  private closed = false;

  constructor(private readonly target: BlockingTarget) {
    if (target.kind === 'cluster') {
      const onRefresh = () => this.afterRefresh();
      target.client.on('refresh', onRefresh);
      this.offRefresh = () => target.client.off('refresh', onRefresh);
    } else {
      this.offRefresh = () => undefined;
    }
  }

  acquire(key: string): BlockingLease {
    if (this.closed) throw new SlotlineError('closed', 'the blocking connections were closed');
    const address = this.masterOf(key);
    const redis = this.idle.get(address)?.pop() ?? this.open(address);
    this.leased.set(redis, address);
    let done = false;
    return {
      address,
      call: (command: string, ...args: RedisArg[]) =>
        redis.call(command, ...args).catch((e: unknown) => {
          this.noteError(key, e);
          throw e;
        }),
      release: () => {
        if (done) return;
        done = true;
        this.giveBack(redis, address);
      },
      discard: () => {
        if (done) return;
        done = true;
        this.leased.delete(redis);
        redis.disconnect();
      },
    };
  }

  openConnections(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [address, list] of this.idle) if (list.length > 0) counts[address] = list.length;
    for (const address of this.leased.values()) counts[address] = (counts[address] ?? 0) + 1;
    return counts;
  }

  close(): void {
    this.closed = true;
    this.offRefresh();
    for (const list of this.idle.values()) for (const r of list) r.disconnect();
    for (const r of this.leased.keys()) r.disconnect();
    this.idle.clear();
    this.leased.clear();
  }

  private masterOf(key: string): string {
    const t = this.target;
    if (t.kind === 'single') return formatHostPort({ host: t.client.options.host!, port: t.client.options.port! });
    const slot = calculateSlot(key);
    // Addresses in ioredis's slot map are already NAT-mapped: connect to them as they are.
    const address = this.moved.get(slot) ?? t.client.slots[slot]?.[0];
    if (!address) throw new NoMasterError(key, slot);
    return address;
  }

  private open(address: string): Redis {
    const t = this.target;
    let redis: Redis;
    if (t.kind === 'single') {
      redis = t.client.duplicate({ ...BLOCKING, connectionName: t.connectionName });
    } else {
      const hp = parseNodeAddress(address);
      redis = new Redis({
        ...t.client.options.redisOptions,
        ...BLOCKING,
        host: hp.host,
        port: hp.port,
        connectionName: t.connectionName,
      });
    }
    redis.on('error', () => undefined); // the command in progress fails with it; nothing else to tell
    redis.once('end', () => this.forget(redis, address));
    return redis;
  }

  private giveBack(redis: Redis, address: string): void {
    this.leased.delete(redis);
    if (this.closed || redis.status === 'end' || redis.status === 'close') {
      redis.disconnect();
      return;
    }
    const list = this.idle.get(address) ?? [];
    list.push(redis);
    this.idle.set(address, list);
  }

  private forget(redis: Redis, address: string): void {
    this.leased.delete(redis);
    const list = this.idle.get(address);
    const i = list?.indexOf(redis) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  /** MOVED: the reply names the new owner; a lost connection: the owner may have changed. */
  private noteError(key: string, e: unknown): void {
    if (this.target.kind !== 'cluster') return;
    const m = /^(?:MOVED|ASK) (\d+) (\S+)/.exec(e instanceof Error ? e.message : String(e));
    if (m) {
      const announced = formatHostPort(parseNodeAddress(m[2]!));
      const mapped = this.target.natMap?.[announced];
      this.moved.set(Number(m[1]), mapped ? `${mapped.host}:${mapped.port}` : m[2]!);
    } else this.moved.delete(calculateSlot(key));
    this.target.client.refreshSlotsCache();
  }

  /** A fresh slot map supersedes MOVED hints; idle connections to nodes no longer master go. */
  private afterRefresh(): void {
    if (this.target.kind !== 'cluster') return;
    this.moved.clear();
    const masters = new Set(this.target.client.nodes('master').map((r) => `${r.options.host}:${r.options.port}`));
    for (const [address, list] of this.idle) {
      if (masters.has(address)) continue;
      for (const r of list) r.disconnect();
      this.idle.delete(address);
    }
  }
}
