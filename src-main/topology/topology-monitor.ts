import type { RedisHandle } from '../redis/handle';
import { createLogger } from '../log/create-logger';
import type { TopologyEvent, TopologySnapshot } from '../../shared/types/topology';
import { unreachableSnapshot } from './build-snapshot';
import { createDiffState, diffSnapshots, trackDisagreement, type DiffState } from './diff-snapshots';
import { formatHostPort } from '../../shared/host-port';
import { PollLoop } from '../lib/poll-loop';
import { pollCluster, type RoundResult } from './poll-cluster';
import { pollSingle } from './poll-single';
import { QuickTimeouts } from './quick-timeouts';
import { snapshotSignature } from './snapshot-signature';

const log = createLogger('topology');

/** Tuning of a TopologyMonitor. */
export interface TopologyMonitorOptions {
  /** Pause between the end of one round and the start of the next. Default 500 ms. */
  intervalMs?: number;
  /** How long each node may take to answer a command. Default 1000 ms. */
  nodeTimeoutMs?: number;
  /** Longest pause between retries while no node answers. Default 5000 ms. */
  maxBackoffMs?: number;
  /**
   * A snapshot whose only changes are INFO numbers (ops/s, memory, clients, keys, offsets, lag)
   * is emitted at most this often. Structural changes are emitted at once. Default 2000 ms.
   */
  statsIntervalMs?: number;
  /**
   * Addresses (`host:port`) to fall back on when no known node answers. Default: the masters
   * the handle knows at start(). Single mode: the first is the server (default: from the handle).
   */
  seeds?: string[];
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
}

/** What the monitor says about its own link to the deployment. */
export type TopologyMonitorStatus =
  | { state: 'idle' }
  | { state: 'connecting' }
  | { state: 'ok'; lastRoundAt: number }
  /** No node answered; the next try is in `retryInMs` ("connection lost, retrying in Ns"). */
  | { state: 'lost'; since: number; attempts: number; retryInMs: number; error: string }
  | { state: 'stopped' };

type Listener<T> = (value: T) => void;

/**
 * Polls a single server or a cluster and reports its topology: a snapshot when something
 * changed, typed events (failover, suspicion, recovery, resharding) as diffs between rounds, and
 * its own connection status. Rounds are chained with setTimeout, so a slow round never overlaps
 * the next; errors are reported through status and never end the loop.
 */
export class TopologyMonitor {
  private readonly intervalMs: number;
  private readonly nodeTimeoutMs: number;
  private readonly maxBackoffMs: number;
  private readonly statsIntervalMs: number;
  private readonly now: () => number;
  private readonly snapshotListeners = new Set<Listener<TopologySnapshot>>();
  private readonly eventListeners = new Set<Listener<TopologyEvent>>();
  private readonly statusListeners = new Set<Listener<TopologyMonitorStatus>>();
  private seeds: string[] = [];
  private readonly loop: PollLoop;
  private round = 0;
  private failures = 0;
  private lostSince = 0;
  private useShards = true;
  private status: TopologyMonitorStatus = { state: 'idle' };
  private latest: TopologySnapshot | null = null;
  /** The last snapshot in which some node answered: the baseline for diffs and known addresses. */
  private lastGood: TopologySnapshot | undefined;
  private lastEmitted: { structure: string; stats: string; at: number } | undefined;
  private diffState: DiffState;

  constructor(
    private readonly handle: RedisHandle,
    private readonly options: TopologyMonitorOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 500;
    this.nodeTimeoutMs = options.nodeTimeoutMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.statsIntervalMs = options.statsIntervalMs ?? 2000;
    this.now = options.now ?? Date.now;
    this.diffState = createDiffState(this.now());
    this.quick = new QuickTimeouts(this.nodeTimeoutMs);
    this.loop = new PollLoop({
      intervalMs: this.intervalMs,
      round: async (ctx) => {
        const result = await this.poll();
        // A round still finishing from before a stop()/start() must not report anything.
        return ctx.current() ? this.accept(result) : undefined;
      },
      // accept() and poll() do not throw by design; this is the last line of defence.
      onError: (e) => log.error(`topology round failed: ${e instanceof Error ? e.message : String(e)}`),
    });
  }

  /** Starts polling; the first round runs at once. Calling it again while running does nothing. */
  start(): void {
    if (this.loop.isRunning) return;
    this.seeds = this.options.seeds ?? this.defaultSeeds();
    this.setStatus({ state: 'connecting' });
    this.loop.start();
  }

  /** Stops polling and resolves once a round in flight has finished. The handle stays open. */
  async stop(): Promise<void> {
    await this.loop.stop();
    this.setStatus({ state: 'stopped' });
  }

  /** The snapshot of the latest round, or null before the first one finished. */
  snapshot(): TopologySnapshot | null {
    return this.latest;
  }

  /** The monitor's current link status. */
  currentStatus(): TopologyMonitorStatus {
    return this.status;
  }

  /** Called with each changed snapshot (see statsIntervalMs). Returns an unsubscribe function. */
  onSnapshot(fn: Listener<TopologySnapshot>): () => void {
    return this.subscribe(this.snapshotListeners, fn);
  }

  /** Called once per event, in order. Returns an unsubscribe function. */
  onEvent(fn: Listener<TopologyEvent>): () => void {
    return this.subscribe(this.eventListeners, fn);
  }

  /** Called when the status changes, and on every failed retry while lost. */
  onStatus(fn: Listener<TopologyMonitorStatus>): () => void {
    return this.subscribe(this.statusListeners, fn);
  }

  private subscribe<T>(set: Set<Listener<T>>, fn: Listener<T>): () => void {
    set.add(fn);
    return () => set.delete(fn);
  }

  private emit<T>(set: Set<Listener<T>>, value: T): void {
    for (const fn of set) {
      try {
        fn(value);
      } catch (e) {
        // A broken listener must not stop the polling loop or starve the other listeners.
        log.error(`listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private setStatus(s: TopologyMonitorStatus): void {
    this.status = s;
    this.emit(this.statusListeners, s);
  }

  private defaultSeeds(): string[] {
    if (this.handle.kind === 'single') return this.handle.endpoints.slice(0, 1).map(formatHostPort);
    try {
      return this.handle.masters().map((m) => m.address);
    } catch {
      return [];
    }
  }

  /** Which nodes get the short timeout next round (see QuickTimeouts). */
  private readonly quick: QuickTimeouts;

  private async poll(): Promise<RoundResult & { shardsUnsupported?: boolean }> {
    this.round++;
    if (this.handle.kind === 'single') {
      const address = this.seeds[0] ?? 'redis';
      return pollSingle(this.handle, { address, nodeTimeoutMs: this.nodeTimeoutMs, now: this.now });
    }
    return pollCluster(this.handle, {
      candidates: this.candidates(),
      nodeTimeoutMs: this.nodeTimeoutMs,
      quick: this.quick,
      useShards: this.useShards,
      now: this.now,
    });
  }

  /**
   * Every address the last good snapshot knew, then the seeds, then the masters the handle
   * currently routes to (so a cluster whose every known node was replaced is still found),
   * rotated by round so ties between equally fresh views go to a different node each time.
   */
  private candidates(): string[] {
    const known = new Set<string>();
    for (const s of this.lastGood?.shards ?? []) for (const n of [s.master, ...s.replicas]) known.add(n.address);
    for (const a of this.seeds) known.add(a);
    if (this.options.seeds === undefined) for (const a of this.defaultSeeds()) known.add(a);
    const list = [...known];
    if (list.length === 0) return list;
    const k = this.round % list.length;
    return [...list.slice(k), ...list.slice(0, k)];
  }

  /** Records a round's result, emits what changed, and returns the delay before the next round. */
  private accept(result: RoundResult & { shardsUnsupported?: boolean }): number {
    const now = this.now();
    if (result.shardsUnsupported) this.useShards = false;
    if (!result.ok) {
      this.failures++;
      if (this.failures === 1) {
        this.lostSince = now;
        log.warn(`topology lost: ${result.error}`);
      }
      const retryInMs = Math.min(this.intervalMs * 2 ** (this.failures - 1), this.maxBackoffMs);
      this.publish(unreachableSnapshot(this.lastGood, this.handle.kind, now, result.error));
      this.setStatus({ state: 'lost', since: this.lostSince, attempts: this.failures, retryInMs, error: result.error });
      return retryInMs;
    }
    if (this.failures > 0) log.info(`topology reachable again after ${this.failures} failed round(s)`);
    const wasOk = this.status.state === 'ok';
    this.failures = 0;
    let snap = result.snapshot;
    const events = this.lastGood ? diffSnapshots(this.lastGood, snap, this.diffState) : [];
    if (!this.lastGood) trackDisagreement(this.diffState, snap);
    // A disagreement is dated from the first round of its episode, not this one.
    const episode = this.diffState.disagreement;
    if (snap.disagreement && episode) snap = { ...snap, disagreement: { ...snap.disagreement, since: episode.since } };
    this.lastGood = snap;
    this.forgetRemovedNodes(snap);
    this.publish(snap);
    for (const e of events) this.emit(this.eventListeners, e);
    if (!wasOk) this.setStatus({ state: 'ok', lastRoundAt: now });
    else this.status = { state: 'ok', lastRoundAt: now };
    return this.intervalMs;
  }

  /**
   * Closes the node clients of nodes that left the topology (CLUSTER FORGET, a replica that went
   * away), which would otherwise reconnect to a dead address for as long as the console runs.
   */
  private forgetRemovedNodes(snap: TopologySnapshot): void {
    const known = new Set(this.seeds);
    for (const sh of snap.shards) for (const n of [sh.master, ...sh.replicas]) known.add(n.address);
    this.quick.retain(known);
    this.handle.retainNodes(known);
  }

  /** Keeps the snapshot and sends it to listeners if it changed enough (see statsIntervalMs). */
  private publish(snap: TopologySnapshot): void {
    this.latest = snap;
    const sig = snapshotSignature(snap);
    const last = this.lastEmitted;
    const now = this.now();
    const structural = !last || last.structure !== sig.structure;
    const statsDue = last !== undefined && last.stats !== sig.stats && now - last.at >= this.statsIntervalMs;
    if (!structural && !statsDue) return;
    this.lastEmitted = { ...sig, at: now };
    this.emit(this.snapshotListeners, snap);
  }
}
