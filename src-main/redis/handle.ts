/** A Lua script loaded through defineCommand: EVALSHA first, EVAL on NOSCRIPT. */
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

/**
 * What the rest of the main process sees of a Redis connection, single or cluster. ioredis types
 * stay behind this interface, so cluster quirks live in src-main/redis/ alone.
 */
export interface RedisHandle {
  readonly kind: 'single' | 'cluster';
  /** Password-free description for logs and the console. */
  readonly description: string;
  /** Registers scripts; safe to call again with the same names. */
  defineScripts(defs: ScriptDefinition[]): void;
  /** Runs a defined script. All keys must share one hash slot; the call goes to its master. */
  runScript<T = unknown>(name: string, keys: string[], args: RedisArg[]): Promise<T>;
  /**
   * Runs a script and then `WAIT replicas timeoutMs` on the same connection to the same master,
   * in one pipeline. Returns the script's result and how many replicas acknowledged.
   */
  runScriptDurable<T = unknown>(
    name: string,
    keys: string[],
    args: RedisArg[],
    replicas: number,
    timeoutMs: number,
  ): Promise<{ result: T; acked: number }>;
  /** Any command; keyed commands route by their first key. */
  call(command: string, ...args: RedisArg[]): Promise<unknown>;
  /** The current masters, one client each (used for SCAN, INFO commandstats, SLOWLOG). */
  masters(): NodeClient[];
  /** A standalone client to one node, with this handle's credentials and NAT mapping; cached. */
  node(host: string, port: number): NodeClient;
  /** A new connection with the same settings, for blocking commands. */
  duplicate(options?: { blocking?: boolean }): RedisHandle;
  /** The connection's state now. */
  state(): ConnectionState;
  /** Calls `listener` on every state change; returns the function that unsubscribes it. */
  onStateChange(listener: (state: ConnectionState, detail?: string) => void): () => void;
  /** Quits gracefully. */
  close(): Promise<void>;
  /** Drops every socket at once (a wedged blocking connection). */
  disconnect(): void;
}
