import { createHash } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { formatHostPort } from '../../shared/host-port';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { IoBlockingClients } from './blocking-clients';
import { localAddressOptions } from './local-address-connector';
import { DurableBatcher, type DurableOutcome } from './durable-batcher';
import { retryRefused } from './refusal-retry';
import { ScriptPipeliner } from './script-pipeliner';
import type {
  BlockingClients,
  ConnectionState,
  ConnectionStateEvent,
  Endpoint,
  NodeClient,
  RedisArg,
  RedisHandle,
  ScriptDefinition,
} from './handle';
import { guardSlotsTimer } from './slots-timer-guard';

export type IoClient = Redis | Cluster;

/** A script this connection runs: its definition and the SHA1 EVALSHA names it by. */
type LoadedScript = ScriptDefinition & { sha: string };

/** A master the cluster client routes to: its own pooled connection, not a probe client. */
class IoMasterClient implements NodeClient {
  constructor(
    readonly address: string,
    private readonly client: Redis,
  ) {}
  call(command: string, ...args: RedisArg[]): Promise<unknown> {
    return this.client.call(command, ...args);
  }
}

/**
 * A probe client looked up by address on every call, so an evicted one (its node left the
 * topology) is opened again only if someone still calls it.
 */
class IoNodeClient implements NodeClient {
  constructor(
    readonly address: string,
    private readonly open: () => Redis,
  ) {}
  call(command: string, ...args: RedisArg[]): Promise<unknown> {
    return this.open().call(command, ...args);
  }
}

/** The ioredis implementation of RedisHandle. */
export class IoRedisHandle implements RedisHandle {
  private readonly scripts = new Map<string, LoadedScript>();
  private readonly pipeliner?: ScriptPipeliner;
  private readonly nodeClients = new Map<string, Redis>();
  private readonly listeners = new Set<(e: ConnectionStateEvent) => void>();
  private current: ConnectionState;
  readonly endpoints: readonly Endpoint[];

  constructor(
    readonly kind: 'single' | 'cluster',
    readonly description: string,
    private readonly client: IoClient,
    private readonly settings: ConnectionSettings,
    private readonly options: { autoPipelining?: boolean; connectionName?: string; localAddress?: string },
  ) {
    this.endpoints =
      client instanceof Cluster
        ? settings.mode === 'cluster'
          ? settings.nodes.map((n) => ({ host: n.host, port: n.port }))
          : []
        : [{ host: client.options.host ?? '127.0.0.1', port: client.options.port ?? 6379 }];
    this.current = client.status === 'ready' ? 'ready' : 'connecting';
    if (kind === 'cluster') this.pipeliner = new ScriptPipeliner(client as Cluster, options.autoPipelining ?? true);
    if (kind === 'cluster') guardSlotsTimer(client as Cluster);
    client.on('ready', () => this.setState({ state: 'ready' }));
    client.on('reconnecting', (delay: unknown) =>
      this.setState({ state: 'reconnecting', ...(typeof delay === 'number' ? { retryInMs: delay } : {}) }),
    );
    client.on('close', () => {
      if (this.current !== 'closed') this.setState({ state: 'reconnecting', error: 'connection closed' });
    });
    client.on('end', () => this.setState({ state: 'closed' }));
    client.on('error', (e: Error) => {
      if (this.current !== 'ready') this.emit({ state: this.current, error: e.message });
    });
  }

  private setState(e: ConnectionStateEvent): void {
    this.current = e.state;
    this.emit(e);
  }

  private emit(e: ConnectionStateEvent): void {
    for (const l of this.listeners) l(e);
  }

  /**
   * Scripts are not defined on the client with defineCommand: ioredis copies every defined
   * command onto each Pipeline it builds, and auto-pipelining builds one per batch, so with this
   * queue's ~45 scripts that copy was a tenth of a worker's CPU at one task per batch (profile in
   * issue 18). runScript sends EVALSHA itself and EVAL on NOSCRIPT, as defineCommand would.
   */
  defineScripts(defs: ScriptDefinition[]): void {
    for (const d of defs) {
      if (this.scripts.has(d.name)) continue;
      this.scripts.set(d.name, { ...d, sha: createHash('sha1').update(d.lua).digest('hex') });
      this.durableBatcher?.define(d);
    }
  }

  private script(name: string): LoadedScript {
    const d = this.scripts.get(name);
    if (!d) throw new Error(`script ${name} is not defined on this connection`);
    return d;
  }

  runScript<T = unknown>(name: string, keys: string[], args: RedisArg[]): Promise<T> {
    const d = this.script(name);
    if (keys.length !== d.numberOfKeys)
      throw new Error(`script ${name}: ${keys.length} keys given, expected ${d.numberOfKeys}`);
    if (this.kind === 'single') return this.evalScript(d, keys, args) as Promise<T>;
    return retryRefused(() => this.evalScript(d, keys, args) as Promise<T>, this.onRefused);
  }

  /** EVALSHA, and EVAL with the text when the node answers NOSCRIPT (a restarted or new node). */
  private async evalScript(d: LoadedScript, keys: string[], args: RedisArg[]): Promise<unknown> {
    try {
      // On a cluster our own pipelines (script-pipeliner.ts); on one server ioredis's
      // auto-pipelining measured cheaper (Node CPU per task, bench A/B of 2026-12-02).
      return await (this.pipeliner
        ? this.pipeliner.evalsha(d.sha, keys, args)
        : this.client.evalsha(d.sha, keys.length, ...keys, ...args));
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
      return this.client.eval(d.lua, keys.length, ...keys, ...args);
    }
  }

  /** After a MOVED the slot has a new owner: learn it now rather than at the next refresh. */
  private readonly onRefused = (e: unknown): void => {
    if ((e as Error).message?.startsWith('MOVED')) (this.client as Cluster).refreshSlotsCache();
  };

  /**
   * Durable writes go through their own connection, batched per hash slot: every write of a batch
   * in one pipeline, then one WAIT. WAIT holds its connection until the replicas answer (its whole
   * timeout when a shard has no replica left, e.g. between a promotion and the rejoin), so it must
   * never share a connection with ordinary traffic, which would queue behind it.
   */
  runScriptDurable<T = unknown>(
    name: string,
    keys: string[],
    args: RedisArg[],
    replicas: number,
    timeoutMs: number,
  ): Promise<{ result: T; acked: number; waitError?: Error }> {
    this.script(name);
    return new Promise((resolve, reject) => {
      this.durable.submit({
        name,
        keys,
        args,
        replicas,
        timeoutMs,
        resolve: resolve as (v: DurableOutcome) => void,
        reject,
      });
    });
  }

  private durableBatcher?: DurableBatcher;

  private get durable(): DurableBatcher {
    if (!this.durableBatcher) {
      const conn = this.duplicateClient({ enableAutoPipelining: false });
      conn.on('error', () => undefined);
      if (this.kind === 'cluster') guardSlotsTimer(conn as Cluster);
      this.durableBatcher = new DurableBatcher(conn, this.kind);
      for (const d of this.scripts.values()) this.durableBatcher.define(d);
    }
    return this.durableBatcher;
  }

  call(command: string, ...args: RedisArg[]): Promise<unknown> {
    if (this.kind === 'single') return this.client.call(command, ...args);
    return retryRefused(() => this.client.call(command, ...args), this.onRefused);
  }

  masters(): NodeClient[] {
    if (this.kind === 'single') return [new IoMasterClient(this.description, this.client as Redis)];
    return (this.client as Cluster)
      .nodes('master')
      .map((r) => new IoMasterClient(`${r.options.host}:${r.options.port}`, r));
  }

  node(host: string, port: number): NodeClient {
    const key = formatHostPort({ host, port });
    return new IoNodeClient(key, () => this.probeClient(key, host, port));
  }

  retainNodes(addresses: Iterable<string>): void {
    const keep = new Set(addresses);
    for (const [key, redis] of this.nodeClients) {
      if (keep.has(key)) continue;
      redis.disconnect();
      this.nodeClients.delete(key);
    }
  }

  nodeAddresses(): string[] {
    return [...this.nodeClients.keys()];
  }

  blockingClients(): BlockingClients {
    const connectionName = `${this.options.connectionName ?? 'slotline'}-blocking`;
    return this.client instanceof Cluster
      ? new IoBlockingClients({
          kind: 'cluster',
          client: this.client,
          connectionName,
          ...(this.settings.mode === 'cluster' && this.settings.natMap ? { natMap: this.settings.natMap } : {}),
        })
      : new IoBlockingClients({ kind: 'single', client: this.client, connectionName });
  }

  private probeClient(key: string, host: string, port: number): Redis {
    const cached = this.nodeClients.get(key);
    if (cached) return cached;
    let target = { host, port };
    if (this.settings.mode === 'cluster' && this.settings.natMap?.[key]) target = this.settings.natMap[key]!;
    const redis = new Redis({
      host: target.host,
      port: target.port,
      username: this.settings.username,
      password: this.settings.password,
      tls: this.settings.tls ? {} : undefined,
      connectTimeout: 2000,
      // Topology probes must fail fast on a dead node instead of queueing behind reconnects.
      maxRetriesPerRequest: 0,
      enableOfflineQueue: true,
      retryStrategy: (times: number) => Math.min(200 * times, 2000),
      connectionName: `${this.options.connectionName ?? 'slotline'}-probe`,
      ...(this.options.localAddress !== undefined ? localAddressOptions(this.options.localAddress) : {}),
    });
    redis.on('error', () => undefined); // callers see failures through their own commands
    this.nodeClients.set(key, redis);
    return redis;
  }

  /**
   * A new client with this one's settings. ioredis's Cluster.duplicate takes the startup nodes
   * first and the options second (an options object in first place is silently ignored).
   */
  private duplicateClient(override: { enableAutoPipelining: boolean } | undefined): IoClient {
    const copy: IoClient =
      this.client instanceof Cluster ? this.client.duplicate([], override) : this.client.duplicate(override);
    return copy;
  }

  duplicate(options: { blocking?: boolean } = {}): RedisHandle {
    const copy = this.duplicateClient(options.blocking ? { enableAutoPipelining: false } : undefined);
    copy.on('error', () => undefined);
    const h = new IoRedisHandle(this.kind, this.description, copy, this.settings, {
      ...this.options,
      autoPipelining: options.blocking ? false : this.options.autoPipelining,
    });
    h.defineScripts([...this.scripts.values()]);
    return h;
  }

  /** The ioredis client's own options, for tests that check what a duplicate was given. */
  clientOptions(): { enableAutoPipelining?: boolean } {
    return this.client.options;
  }

  state(): ConnectionState {
    return this.current;
  }

  onStateChange(listener: (event: ConnectionStateEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.durableBatcher?.disconnect();
    for (const redis of this.nodeClients.values()) redis.disconnect();
    this.nodeClients.clear();
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
    this.current = 'closed';
  }

  disconnect(): void {
    this.durableBatcher?.disconnect();
    for (const redis of this.nodeClients.values()) redis.disconnect();
    this.nodeClients.clear();
    this.client.disconnect();
    this.current = 'closed';
  }
}
