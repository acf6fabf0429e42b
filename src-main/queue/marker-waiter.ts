import type { RedisHandle } from '../redis/handle';
import type { Partition } from './queue';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Idle waits of a worker: BLPOP on each partition's wake-up marker, on a connection of its own per
 * partition. A watchdog drops a connection whose call outlives its timeout by 2 s: after a
 * failover ioredis may re-send an interrupted blocking command and wait forever (bullmq #4138).
 */
export class MarkerWaiter {
  private readonly conns = new Map<number, RedisHandle>();

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
    let conn = this.conns.get(p.index);
    if (!conn || conn.state() === 'closed') {
      conn = this.handle.duplicate({ blocking: true });
      this.conns.set(p.index, conn);
    }
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<'wedged'>((r) => {
      timer = setTimeout(() => r('wedged'), ms + 2000);
    });
    try {
      const r = await Promise.race([conn.call('BLPOP', p.keys.marker, (ms / 1000).toFixed(3)), watchdog]);
      if (r === 'wedged' && this.hooks.isRunning()) {
        this.hooks.onWedged(p.index);
        this.drop(p.index);
      }
    } catch (e) {
      if (!this.hooks.isRunning()) return;
      // Connection trouble (failover in progress): back off briefly and use a fresh connection.
      this.drop(p.index);
      await this.hooks.onError(e, p);
      await sleep(100);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Drops every connection, which also ends the waits in progress. */
  closeAll(): void {
    for (const c of this.conns.values()) c.disconnect();
    this.conns.clear();
  }

  private drop(index: number): void {
    this.conns.get(index)?.disconnect();
    this.conns.delete(index);
  }
}
