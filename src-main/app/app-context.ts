import { AuditLog } from './audit-log';
import { AutoRebalancer } from './auto-rebalancer';
import { RebalanceEvents } from './rebalance-events';
import { AlertService, type AlertServiceOptions, type Notifier } from './alert-service';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppInfo } from '../../shared/ipc/contract';
import type { TopologyEvent, TopologySnapshot } from '../../shared/types/topology';
import { SettingsError, SlotlineError } from '../../shared/errors';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { AUTO_REBALANCE_OFF, type AutoRebalanceSettings } from '../../shared/settings/auto-rebalance';
import type { AutoRebalanceStatus } from '../../shared/types/partitions';
import { redactSecrets } from '../../shared/settings/redact';
import { createLogger } from '../log/create-logger';
import { listWorkers } from '../queue/worker-registry';
import type { RedisHandle } from '../redis/handle';
import { DepthSampler, type DepthSamplerOptions } from '../sampler/depth-sampler';
import { handleDepthSource } from '../sampler/handle-depth-source';
import { HistoryRecorder } from '../sampler/history-recorder';
import { TopologyHistory } from '../topology/topology-history';
import { TopologyMonitor, type TopologyMonitorOptions } from '../topology/topology-monitor';
import { BulkOperations } from './bulk-operations';
import { ConnectionManager, type Connector } from './connection-manager';
import { EventBus } from './event-bus';
import { ProfileStore } from './profile-store';
import { FileSecretBox, MemorySecretBox, type SecretBox } from './secret-box';

const log = createLogger('app');

/** How to build an AppContext. */
export interface AppContextOptions {
  /** Which transport serves the renderer (reported by `app:info`). */
  transport: AppInfo['transport'];
  /** Folder for profiles, secrets (file SecretBox) and topology history. Default: `defaultDataDir()`. */
  dataDir?: string;
  /** Refuse every mutating channel. Default false. */
  readOnly?: boolean;
  /** Default `Slotline`. */
  appName?: string;
  /** Default: package.json's version as given by the caller, else `0.0.0`. */
  appVersion?: string;
  /** Where passwords of saved profiles go (Electron: safeStorage). Default: see `secretStorage`. */
  secretBox?: SecretBox;
  /**
   * Without a `secretBox`: `memory` (saved passwords last until the process stops) or
   * `plaintext-file` (`secrets.json` in dataDir, mode 0600, not encrypted). Default
   * `$SLOTLINE_SECRET_STORAGE`, else `memory`: nothing is written that merely looks protected.
   */
  secretStorage?: 'memory' | 'plaintext-file';
  monitor?: TopologyMonitorOptions;
  sampler?: DepthSamplerOptions;
  /** Alert evaluation and webhook retry (see alert-service.ts). */
  alerts?: AlertServiceOptions;
  /**
   * Evaluate alert rules (and record and deliver what fires). Default true; the exporter turns it
   * off, so a metrics endpoint never writes alert state or sends webhooks.
   */
  evaluateAlerts?: boolean;
  /** Connect and test deadline. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Replaces createConnection (tests). */
  connect?: Connector;
}

/** `$SLOTLINE_DATA_DIR`, else `$XDG_CONFIG_HOME/slotline`, else `~/.config/slotline`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SLOTLINE_DATA_DIR) return env.SLOTLINE_DATA_DIR;
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'slotline');
}

/** The secret box `serve`, the exporter and tests get when the caller brings none. */
function defaultSecretBox(dataDir: string, choice: string | undefined): SecretBox {
  const file = path.join(dataDir, 'secrets.json');
  if (choice === 'plaintext-file') {
    log.warn(`saved passwords are stored NOT encrypted in ${file} (mode 0600): anyone who can read it has them`);
    return new FileSecretBox(file);
  }
  if (choice !== undefined && choice !== '' && choice !== 'memory')
    throw new SettingsError(
      'SLOTLINE_SECRET_STORAGE',
      `SLOTLINE_SECRET_STORAGE=${JSON.stringify(choice)} is not a secret storage: expected memory or plaintext-file`,
    );
  const memoryOnly = 'saved passwords are kept in memory only and are forgotten when this process stops';
  if (fs.existsSync(file))
    log.warn(`${memoryOnly}; ${file} is not read (set SLOTLINE_SECRET_STORAGE=plaintext-file to use it)`);
  else log.info(memoryOnly);
  return new MemorySecretBox();
}

/** Raised by handlers that need Redis while the console is not connected. */
export class NotConnectedError extends SlotlineError {
  constructor() {
    super('not-connected', 'not connected to Redis: connect first (connection:connect)');
  }
}

/**
 * The console's composition of services, shared by the Electron adapter, `slotline serve` and
 * `slotline exporter`: the current connection, and for it a topology monitor and depth sampler
 * whose output goes to the event bus (and the history file); profiles; bulk operations.
 */
export class AppContext {
  readonly bus = new EventBus();
  readonly connection: ConnectionManager;
  readonly bulk: BulkOperations;
  readonly info: AppInfo;
  /** Every operator's mutating actions, in Redis (see audit-log.ts). */
  readonly audit: AuditLog;
  private currentMonitor: TopologyMonitor | undefined;
  private currentSampler: DepthSampler | undefined;
  private currentAlerts: AlertService | undefined;
  private currentAutoRebalance: AutoRebalancer | undefined;
  /** The automatic rebalance for the current connection, as connect() was given it (default off). */
  private autoRebalanceSettings: AutoRebalanceSettings = AUTO_REBALANCE_OFF;
  /** Desktop notification sinks for alerts (the Electron adapter adds one). */
  readonly notifiers = new Set<Notifier>();
  private unsubscribers: Array<() => void> = [];
  private closed = false;

  private constructor(
    readonly options: AppContextOptions,
    readonly dataDir: string,
    readonly history: TopologyHistory,
    readonly profiles: ProfileStore,
    secrets: SecretBox,
  ) {
    this.info = {
      name: options.appName ?? 'Slotline',
      version: options.appVersion ?? '0.0.0',
      readOnly: options.readOnly ?? false,
      transport: options.transport,
      secretStorage: secrets.storage,
    };
    this.connection = new ConnectionManager({ connect: options.connect, timeoutMs: options.connectTimeoutMs });
    this.bulk = new BulkOperations((p) => this.bus.emit('task:bulk-progress', p), { redact: (t) => this.redact(t) });
    this.audit = new AuditLog(() => this.connection.handle() ?? undefined);
    this.connection.onStatus((s) => this.bus.emit('connection:state', s));
    this.connection.onHandle((h) => this.swap(h));
  }

  /** Opens the history and profile files in the data folder. Does not connect. */
  static async create(options: AppContextOptions): Promise<AppContext> {
    const dataDir = options.dataDir ?? defaultDataDir();
    const history = await TopologyHistory.open({ dir: dataDir });
    const secrets =
      options.secretBox ?? defaultSecretBox(dataDir, options.secretStorage ?? process.env.SLOTLINE_SECRET_STORAGE);
    const profiles = new ProfileStore(path.join(dataDir, 'profiles.json'), secrets);
    return new AppContext(options, dataDir, history, profiles, secrets);
  }

  get readOnly(): boolean {
    return this.info.readOnly;
  }

  /** The current connection, or NotConnectedError. */
  handle(): RedisHandle {
    const h = this.connection.handle();
    if (!h) throw new NotConnectedError();
    return h;
  }

  monitor(): TopologyMonitor | undefined {
    return this.currentMonitor;
  }

  sampler(): DepthSampler | undefined {
    return this.currentSampler;
  }

  /** The alert rules' evaluator for the current connection, or NotConnectedError. */
  alerts(): AlertService {
    if (!this.currentAlerts) throw new NotConnectedError();
    return this.currentAlerts;
  }

  /** The monitor's latest snapshot, if connected and it has one. */
  topologySnapshot(): TopologySnapshot | undefined {
    return this.currentMonitor?.snapshot() ?? undefined;
  }

  /** Workers with a fresh heartbeat, per queue; undefined while not connected. */
  async workersAlive(): Promise<Map<string, number> | undefined> {
    const handle = this.connection.handle();
    if (!handle) return undefined;
    const byQueue = new Map<string, number>();
    for (const w of await listWorkers(handle)) byQueue.set(w.queue, (byQueue.get(w.queue) ?? 0) + 1);
    return byQueue;
  }

  /**
   * Connects (replacing any current connection) and starts monitoring it. `autoRebalance` (from
   * the profile or the environment; default off) applies to this connection; a read-only console
   * never rebalances on its own.
   */
  connect(settings: ConnectionSettings, profileId?: string, o: { autoRebalance?: AutoRebalanceSettings } = {}) {
    this.autoRebalanceSettings = o.autoRebalance ?? AUTO_REBALANCE_OFF;
    return this.connection.connect(settings, profileId);
  }

  /** The automatic rebalance's setting, last attempt and current decision for a queue. */
  autoRebalanceStatus(queue: string): AutoRebalanceStatus {
    return (
      this.currentAutoRebalance?.status(queue) ?? {
        enabled: false,
        minIntervalMs: this.autoRebalanceSettings.minIntervalMs,
        ...(this.autoRebalanceSettings.enabled && this.readOnly
          ? { decision: 'off: a read-only console never rebalances' }
          : {}),
      }
    );
  }

  /** Hides the current password and any credentials in URLs (plus `extra` secrets). */
  redact(text: string, extra: Array<string | undefined> = []): string {
    return redactSecrets(text, [...this.connection.secrets(), ...extra]);
  }

  /** Stops monitoring, cancels bulk operations, closes the connection and flushes history. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.bulk.cancelAll();
    await this.connection.disconnect();
    await this.history.flush();
  }

  /** A timeline event: kept in the history file and pushed to every window. */
  private recordEvent(e: TopologyEvent): void {
    void this.history.append(e);
    this.bus.emit('topology:event', e);
  }

  /** Stops the old monitor and sampler, and starts new ones for `handle`. */
  private async swap(handle: RedisHandle | undefined): Promise<void> {
    for (const off of this.unsubscribers) off();
    this.unsubscribers = [];
    const oldMonitor = this.currentMonitor;
    const oldSampler = this.currentSampler;
    const oldAlerts = this.currentAlerts;
    const oldAuto = this.currentAutoRebalance;
    this.currentMonitor = undefined;
    this.currentSampler = undefined;
    this.currentAlerts = undefined;
    this.currentAutoRebalance = undefined;
    await Promise.all([oldMonitor?.stop(), oldSampler?.stop(), oldAlerts?.stop(), oldAuto?.stop()]);
    if (!handle) return;
    if (this.closed) return;

    const monitor = new TopologyMonitor(handle, this.options.monitor);
    const rebalances = new RebalanceEvents((id) => this.history.list().some((e) => e.id === id));
    const source = handleDepthSource(handle, {
      onDefinitions: (defs) => {
        for (const e of rebalances.next(defs, Date.now())) this.recordEvent(e);
      },
    });
    const sampler = new DepthSampler(source, this.options.sampler);
    const settings = this.autoRebalanceSettings;
    if (settings.enabled && this.readOnly)
      log.warn('automatic rebalance is on in the settings, but this console is read-only: it stays off');
    const auto =
      settings.enabled && !this.readOnly
        ? new AutoRebalancer({
            handle,
            snapshot: () => monitor.snapshot(),
            audit: this.audit,
            settings,
            // The new generation shows on the timeline at the sampler's next tick, not its next discovery.
            onRebalanced: () => sampler.rediscover(),
          })
        : undefined;
    const evaluate = this.options.evaluateAlerts ?? true;
    const alerts = new AlertService(
      handle,
      {
        topology: () => monitor.snapshot() ?? undefined,
        workers: () => this.workersAlive(),
        changed: (list, change) => this.bus.emit('alert:changed', { alerts: list, ...(change ? { change } : {}) }),
        notifiers: () => this.notifiers,
      },
      this.options.alerts,
    );
    // The queues' per-minute depth history (written by workers too); a read-only console writes nothing.
    const recorder = this.readOnly ? undefined : new HistoryRecorder(handle);
    this.unsubscribers = [
      monitor.onSnapshot((s) => {
        this.bus.emit('topology:changed', s);
        auto?.onSnapshot();
      }),
      monitor.onEvent((e) => {
        this.recordEvent(e);
        if (evaluate) void alerts.onTopologyEvent(e);
      }),
      monitor.onStatus((s) => {
        if (s.state === 'ok') this.connection.noteReachability({ ok: true });
        else if (s.state === 'lost')
          this.connection.noteReachability({ ok: false, retryInMs: s.retryInMs, error: s.error });
      }),
      sampler.onSamples((batch) => {
        this.bus.emit('queue:depth', batch);
        recorder?.onSamples(batch);
        if (evaluate) void alerts.onSamples(batch);
      }),
    ];
    this.currentAlerts = alerts;
    this.currentMonitor = monitor;
    this.currentSampler = sampler;
    this.currentAutoRebalance = auto;
    monitor.start();
    sampler.start();
    auto?.start();
    log.debug(`monitoring ${handle.description}`);
  }
}
