/** A Lua script a connection runs by EVALSHA, sending EVAL with its text on NOSCRIPT. */
export interface ScriptDefinition {
  name: string;
  numberOfKeys: number;
  lua: string;
}

/** An argument of a Redis command or script. */
export type RedisArg = string | number | Buffer;

/** One server of the deployment, addressed directly (not through cluster routing). */
export interface NodeClient {
  /** `host:port` as the client reaches it. */
  readonly address: string;
  /** Any command, sent to this node. */
  call(command: string, ...args: RedisArg[]): Promise<unknown>;
}

/** A connection's state, as `state()` and `onStateChange` report it. */
export type ConnectionState = 'connecting' | 'ready' | 'reconnecting' | 'closed';

/** A change of a handle's connection state, as data (never as text to parse back). */
export interface ConnectionStateEvent {
  state: ConnectionState;
  /** While reconnecting: the client's next attempt is this many ms away, when it said so. */
  retryInMs?: number;
  /** Why the connection is not ready (an error message, or `connection closed`), when known. */
  error?: string;
}

/** A `host:port` of the deployment, as this handle reaches it. */
export interface Endpoint {
  host: string;
  port: number;
}

/**
 * One connection, leased for one blocking command, to the master that owns a key's slot. Give it
 * back with release() when the command ended (normally or with an error), or discard() it when
 * it must not be reused (a watchdog found it wedged).
 */
export interface BlockingLease {
  /** `host:port` of the master the connection goes to. */
  readonly address: string;
  call(command: string, ...args: RedisArg[]): Promise<unknown>;
  release(): void;
  discard(): void;
}

/**
 * Plain connections for blocking commands, pooled per master and shared by every key that master
 * owns. Redis runs one blocking command per connection at a time, so a master has as many as
 * there are waits in progress on it at once, and they are reused by whichever key waits next.
 */
export interface BlockingClients {
  /**
   * A connection to the master of `key`'s slot (re-resolved after MOVED or a lost connection).
   * Throws when no master is known for the slot yet (the cluster is still loading its slots).
   */
  acquire(key: string): BlockingLease;
  /** Connections open now, per master `host:port` (leased and idle). */
  openConnections(): Record<string, number>;
  /** Drops every connection, which also ends the commands in progress. */
  close(): void;
}

/**
 * What the rest of the main process sees of a Redis connection, single or cluster. ioredis types
 * stay behind this interface, so cluster quirks live in src-main/redis/ alone.
 */
export interface RedisHandle {
  readonly kind: 'single' | 'cluster';
  /** Password-free description for logs and the console. */
  readonly description: string;
  /** Where this handle was pointed: single, the server; cluster, the seed nodes. */
  readonly endpoints: readonly Endpoint[];
  /** Registers scripts; safe to call again with the same names. */
  defineScripts(defs: ScriptDefinition[]): void;
  /** Runs a defined script. All keys must share one hash slot; the call goes to its master. */
  runScript<T = unknown>(name: string, keys: string[], args: RedisArg[]): Promise<T>;
  /**
   * Runs a script and then `WAIT replicas timeoutMs` on the same connection to the same master,
   * in one pipeline. Returns the script's result and how many replicas acknowledged; a failed WAIT
   * comes back as `waitError` beside the result, since the write itself succeeded. Not retried.
   */
  runScriptDurable<T = unknown>(
    name: string,
    keys: string[],
    args: RedisArg[],
    replicas: number,
    timeoutMs: number,
  ): Promise<{ result: T; acked: number; waitError?: Error }>;
  /** Any command; keyed commands route by their first key. */
  call(command: string, ...args: RedisArg[]): Promise<unknown>;
  /** The current masters, one client each (used for SCAN, INFO commandstats, SLOWLOG). */
  masters(): NodeClient[];
  /** A standalone client to one node, with this handle's credentials and NAT mapping; cached. */
  node(host: string, port: number): NodeClient;
  /**
   * Closes the node() clients of every address not in `addresses` (nodes that left the
   * topology), so they stop reconnecting. A NodeClient still held reconnects on its next call.
   * @internal for the topology monitor.
   */
  retainNodes(addresses: Iterable<string>): void;
  /** Addresses that have a node() client open now. @internal */
  nodeAddresses(): string[];
  /** A new, empty pool of connections for blocking commands; close it when done. @internal */
  blockingClients(): BlockingClients;
  /** A new connection with the same settings, for blocking commands. */
  duplicate(options?: { blocking?: boolean }): RedisHandle;
  /** The connection's state now. */
  state(): ConnectionState;
  /** Calls `listener` on every state change; returns the function that unsubscribes it. */
  onStateChange(listener: (event: ConnectionStateEvent) => void): () => void;
  /** Quits gracefully. */
  close(): Promise<void>;
  /** Drops every socket at once (a wedged blocking connection). */
  disconnect(): void;
}
