import { setTimeout as sleep } from 'node:timers/promises';
import type { BlockingClients, BlockingLease, RedisHandle } from '../redis/handle';
import type { Partition } from './queue';

/** How long past its own timeout a BLPOP may run before the watchdog drops its connection. */
const WATCHDOG_GRACE_MS = 2000;

/**
 * Idle waits of a worker: BLPOP on each partition's wake-up marker. The connections are plain
 * clients to the master that owns each partition's slot, pooled per master and shared by the
 * partitions on it (a Cluster client per partition would open sockets to every master and
 * refresh its slot map every 2 s, for each partition of each worker). A watchdog drops a
 * connection whose call outlives its timeout by 2 s: after a failover a blocked socket to a dead
 * master may never answer (bullmq #4138); the next wait goes to the slot's current master.
 */
export class MarkerWaiter {
  private pool: BlockingClients | undefined;

  constructor(
    private readonly handle: RedisHandle,
    private readonly hooks: {
      /** A wait outlived its watchdog and its connection was replaced. */
      onWedged: (partition: number) => void;
      /** A wait failed (connection trouble is expected during a failover and handled here). */
      onError: (e: unknown, p: Partition) => Promise<void>;
      isRunning: () => boolean;
    },
  ) {}

  /** Waits up to `ms` for work on partition `p`; returns early when a task is enqueued there. */
  async wait(p: Partition, ms: number): Promise<void> {
    if (ms <= 0) return;
    let lease: BlockingLease | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      this.pool ??= this.handle.blockingClients();
      lease = this.pool.acquire(p.keys.marker);
      const watchdog = new Promise<'wedged'>((r) => {
        timer = setTimeout(() => r('wedged'), ms + WATCHDOG_GRACE_MS);
      });
      const r = await Promise.race([lease.call('BLPOP', p.keys.marker, (ms / 1000).toFixed(3)), watchdog]);
      if (r === 'wedged') {
        lease.discard();
        if (this.hooks.isRunning()) this.hooks.onWedged(p.index);
      } else {
        lease.release();
      }
    } catch (e) {
      // A lost connection is dropped by the pool and a MOVED re-routes the next wait; either way
      // the connection goes back (or away) and the loop comes here again after a short pause.
      lease?.release();
      if (!this.hooks.isRunning()) return;
      await this.hooks.onError(e, p);
      await sleep(100);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Blocking connections open now, per master `host:port` (for tests and diagnostics). */
  openConnections(): Record<string, number> {
    return this.pool?.openConnections() ?? {};
  }

  /** Drops every connection, which also ends the waits in progress. */
  closeAll(): void {
    this.pool?.close();
    this.pool = undefined;
  }
}
