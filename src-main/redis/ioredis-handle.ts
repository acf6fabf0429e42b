import { Redis, type Cluster } from 'ioredis';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { formatHostPort } from '../../shared/settings/connection-settings';
import { DURABLE_RETRY_MS, DurableBatcher } from './durable-batcher';
import type { ConnectionState, NodeClient, RedisArg, RedisHandle, ScriptDefinition } from './handle';
import { guardSlotsTimer } from './slots-timer-guard';

export type IoClient = Redis | Cluster;

type ScriptFn = (...args: RedisArg[]) => Promise<unknown>;

class IoNodeClient implements NodeClient {
  constructor(
    readonly address: string,
    private readonly client: Redis,
  ) {}
  call(command: string, ...args: RedisArg[]): Promise<unknown> {
    return this.client.call(command, ...args);
  }
}

/** The ioredis implementation of RedisHandle. */
export class IoRedisHandle implements RedisHandle {
  private readonly scripts = new Map<string, ScriptDefinition>();
  private readonly nodeClients = new Map<string, { redis: Redis; node: IoNodeClient }>();
  private readonly listeners = new Set<(s: ConnectionState, detail?: string) => void>();
  private current: ConnectionState;

  constructor(
    readonly kind: 'single' | 'cluster',
    readonly description: string,
    private readonly client: IoClient,
    private readonly settings: ConnectionSettings,
    private readonly options: { autoPipelining?: boolean; connectionName?: string },
  ) {
    this.current = client.status === 'ready' ? 'ready' : 'connecting';
    if (kind === 'cluster') guardSlotsTimer(client as Cluster);
    client.on('ready', () => this.setState('ready'));
    client.on('reconnecting', (delay: unknown) =>
      this.setState('reconnecting', typeof delay === 'number' ? `retrying in ${delay} ms` : undefined),
    );
    client.on('close', () => {
      if (this.current !== 'closed') this.setState('reconnecting', 'connection closed');
    });
    client.on('end', () => this.setState('closed'));
    client.on('error', (e: Error) => {
      if (this.current !== 'ready') this.emit(this.current, e.message);
    });
  }

  private setState(s: ConnectionState, detail?: string): void {
    this.current = s;
    this.emit(s, detail);
  }

  private emit(s: ConnectionState, detail?: string): void {
    for (const l of this.listeners) l(s, detail);
  }

  defineScripts(defs: ScriptDefinition[]): void {
    for (const d of defs) {
      if (this.scripts.has(d.name)) continue;
      this.scripts.set(d.name, d);
      this.client.defineCommand(d.name, { numberOfKeys: d.numberOfKeys, lua: d.lua });
      this.durableBatcher?.define(d);
    }
  }

  private fn(name: string): ScriptFn {
    const f = (this.client as unknown as Record<string, ScriptFn | undefined>)[name];
    if (!this.scripts.has(name) || typeof f !== 'function')
      throw new Error(`script ${name} is not defined on this connection`);
    return f.bind(this.client);
  }

  runScript<T = unknown>(name: string, keys: string[], args: RedisArg[]): Promise<T> {
    return this.fn(name)(...keys, ...args) as Promise<T>;
  }

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
  ): Promise<{ result: T; acked: number }> {
    this.fn(name);
    return new Promise((resolve, reject) => {
      this.durable.submit({
        name,
        keys,
        args,
        replicas,
        timeoutMs,
        deadline: Date.now() + DURABLE_RETRY_MS,
        resolve: resolve as (v: { result: unknown; acked: number }) => void,
        reject,
      });
    });
  }

  private durableBatcher?: DurableBatcher;

  private get durable(): DurableBatcher {
    if (!this.durableBatcher) {
      const conn = (this.client as Redis).duplicate({ enableAutoPipelining: false } as never) as IoClient;
      conn.on('error', () => undefined);
      if (this.kind === 'cluster') guardSlotsTimer(conn as Cluster);
      this.durableBatcher = new DurableBatcher(conn, this.kind);
      for (const d of this.scripts.values()) this.durableBatcher.define(d);
    }
    return this.durableBatcher;
  }

  call(command: string, ...args: RedisArg[]): Promise<unknown> {
    return this.client.call(command, ...args);
  }

  masters(): NodeClient[] {
    if (this.kind === 'single') return [new IoNodeClient(this.description, this.client as Redis)];
    return (this.client as Cluster)
      .nodes('master')
      .map((r) => new IoNodeClient(`${r.options.host}:${r.options.port}`, r));
  }

  node(host: string, port: number): NodeClient {
    const key = formatHostPort({ host, port });
    const cached = this.nodeClients.get(key);
    if (cached) return cached.node;
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
    });
    redis.on('error', () => undefined); // callers see failures through their own commands
    const node = new IoNodeClient(key, redis);
    this.nodeClients.set(key, { redis, node });
    return node;
  }

  duplicate(options: { blocking?: boolean } = {}): RedisHandle {
    const copy = (this.client as Redis).duplicate(
      options.blocking ? ({ enableAutoPipelining: false } as never) : undefined,
    ) as IoClient;
    copy.on('error', () => undefined);
    const h = new IoRedisHandle(this.kind, this.description, copy, this.settings, {
      ...this.options,
      autoPipelining: options.blocking ? false : this.options.autoPipelining,
    });
    h.defineScripts([...this.scripts.values()]);
    return h;
  }

  state(): ConnectionState {
    return this.current;
  }

  onStateChange(listener: (state: ConnectionState, detail?: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.durableBatcher?.disconnect();
    for (const { redis } of this.nodeClients.values()) redis.disconnect();
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
    for (const { redis } of this.nodeClients.values()) redis.disconnect();
    this.nodeClients.clear();
    this.client.disconnect();
    this.current = 'closed';
  }
}
