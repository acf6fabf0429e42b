import type { ConnectionStatus } from '../../shared/ipc/contract';
import { toWireError } from '../../shared/errors';
import { describeSettings, type ConnectionSettings } from '../../shared/settings/connection-settings';
import { redactSecrets } from '../../shared/settings/redact';
import { createLogger } from '../log/create-logger';
import { createConnection, type ConnectOptions } from '../redis/create-connection';
import type { ConnectionStateEvent, RedisHandle } from '../redis/handle';

const log = createLogger('connection');

export type Connector = (settings: ConnectionSettings, options?: ConnectOptions) => Promise<RedisHandle>;

export interface ConnectionManagerOptions {
  /** Default createConnection; tests pass a fake. */
  connect?: Connector;
  /** How long a connect or test may take. Default 10 000 ms. */
  timeoutMs?: number;
  now?: () => number;
}

type HandleListener = (handle: RedisHandle | undefined) => void | Promise<void>;

/**
 * The console's one current connection: connect, disconnect, test, and a status (with `retryAt`
 * while reconnecting) reported to listeners as it changes. Messages never carry a password.
 */
export class ConnectionManager {
  private current: RedisHandle | undefined;
  private settings: ConnectionSettings | undefined;
  private profileId: string | undefined;
  private state: ConnectionStatus = { state: 'disconnected' };
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private readonly handleListeners = new Set<HandleListener>();
  private offState: (() => void) | undefined;
  private attempt = 0;
  private readonly connector: Connector;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: ConnectionManagerOptions = {}) {
    this.connector = options.connect ?? createConnection;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  status(): ConnectionStatus {
    return this.state;
  }

  handle(): RedisHandle | undefined {
    return this.current;
  }

  /** Secrets to hide from any message that leaves the process. */
  secrets(): string[] {
    return this.settings?.password ? [this.settings.password] : [];
  }

  onStatus(fn: (s: ConnectionStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  /** Called with the new handle after a connect, and with undefined before it is closed. */
  onHandle(fn: HandleListener): () => void {
    this.handleListeners.add(fn);
    return () => this.handleListeners.delete(fn);
  }

  /** Replaces the current connection. On failure the status says why and the error is thrown. */
  async connect(settings: ConnectionSettings, profileId?: string): Promise<ConnectionStatus> {
    const attempt = ++this.attempt;
    await this.release();
    const base = { mode: settings.mode, description: describeSettings(settings), ...(profileId ? { profileId } : {}) };
    this.settings = settings;
    this.profileId = profileId;
    this.setStatus({ state: 'connecting', ...base });
    let handle: RedisHandle;
    try {
      handle = await this.connector(settings, { timeoutMs: this.timeoutMs, connectionName: 'slotline-console' });
    } catch (e) {
      if (attempt === this.attempt) this.setStatus({ state: 'error', ...base, error: this.wire(e, settings) });
      throw e;
    }
    if (attempt !== this.attempt) {
      // A newer connect or a disconnect came in while this one was on its way.
      await handle.close().catch(() => handle.disconnect());
      return this.state;
    }
    this.current = handle;
    this.offState = handle.onStateChange((e) => this.onHandleState(e));
    this.setStatus({ state: 'ready', ...base });
    log.info(`connected to ${base.description}`);
    for (const fn of this.handleListeners) await fn(handle);
    return this.state;
  }

  /** Closes the current connection, if any. */
  async disconnect(): Promise<ConnectionStatus> {
    this.attempt++;
    await this.release();
    this.settings = undefined;
    this.profileId = undefined;
    this.setStatus({ state: 'disconnected' });
    return this.state;
  }

  /** Connects with `settings`, counts the masters, and closes again; the current connection is untouched. */
  async test(
    settings: ConnectionSettings,
  ): Promise<{ mode: 'single' | 'cluster'; description: string; masters: number }> {
    const handle = await this.connector(settings, {
      timeoutMs: this.timeoutMs,
      connectionName: 'slotline-console-test',
    });
    try {
      return {
        mode: handle.kind,
        description: handle.description,
        masters: handle.kind === 'single' ? 1 : handle.masters().length,
      };
    } finally {
      await handle.close().catch(() => handle.disconnect());
    }
  }

  /**
   * What the topology monitor learns about reachability: a cluster handle stays "ready" while
   * every node it knows is down, so the monitor's lost/ok turns into reconnecting/ready here.
   */
  noteReachability(r: { ok: true } | { ok: false; retryInMs: number; error: string }): void {
    if (!this.current || !this.settings) return;
    if (r.ok) {
      if (this.state.state === 'reconnecting') this.setStatus(this.readyStatus());
      return;
    }
    this.setStatus({
      ...this.readyStatus(),
      state: 'reconnecting',
      retryAt: this.now() + r.retryInMs,
      error: { code: 'unreachable', message: redactSecrets(r.error, this.secrets()) },
    });
  }

  private readyStatus(): ConnectionStatus {
    const s = this.settings!;
    return {
      state: 'ready',
      mode: s.mode,
      description: describeSettings(s),
      ...(this.profileId ? { profileId: this.profileId } : {}),
    };
  }

  private onHandleState({ state: s, retryInMs, error }: ConnectionStateEvent): void {
    if (s === 'ready') return this.setStatus(this.readyStatus());
    if (s === 'reconnecting') {
      return this.setStatus({
        ...this.readyStatus(),
        state: 'reconnecting',
        retryAt: this.now() + (retryInMs ?? 1000),
        ...(error ? { error: { code: 'unreachable', message: redactSecrets(error, this.secrets()) } } : {}),
      });
    }
    if (s === 'closed' && this.current) {
      this.setStatus({
        ...this.readyStatus(),
        state: 'error',
        error: { code: 'connection-closed', message: 'the connection was closed and will not be retried' },
      });
    }
  }

  private async release(): Promise<void> {
    const old = this.current;
    if (!old) return;
    this.current = undefined;
    this.offState?.();
    this.offState = undefined;
    for (const fn of this.handleListeners) await fn(undefined);
    await old.close().catch(() => old.disconnect());
  }

  private wire(e: unknown, settings: ConnectionSettings) {
    const w = toWireError(e);
    return { code: w.code, message: redactSecrets(w.message, settings.password ? [settings.password] : []) };
  }

  private setStatus(s: ConnectionStatus): void {
    const same = JSON.stringify(s) === JSON.stringify(this.state);
    this.state = s;
    if (same) return;
    for (const fn of this.statusListeners) fn(s);
  }
}
