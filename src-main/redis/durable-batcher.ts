import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import { isTransientClusterError } from './connection-error';
import type { RedisArg, ScriptDefinition } from './handle';

/** How long a durable write keeps retrying through a failover before it fails. */
export const DURABLE_RETRY_MS = 15000;

export interface DurableWrite {
  name: string;
  keys: string[];
  args: RedisArg[];
  replicas: number;
  timeoutMs: number;
  /** Give up retrying transient errors after this time (epoch ms). */
  deadline: number;
  resolve: (v: { result: unknown; acked: number }) => void;
  reject: (e: unknown) => void;
}

type Pipeline = { exec(): Promise<Array<[Error | null, unknown]> | null> } & Record<
  string,
  (...a: RedisArg[]) => Pipeline
>;

/**
 * Sends durable writes in batches: the writes of one hash slot (so one master) that arrive in the
 * same tick go in one pipeline followed by one `WAIT replicas timeout`, which covers them all.
 *
 * A cluster pipeline is retried by ioredis only when every command in it failed with the same
 * redirection, and WAIT (keyless) succeeds anywhere; so a write that comes back with MOVED,
 * CLUSTERDOWN, TRYAGAIN or a closed connection during a failover is retried here, after a slot
 * refresh, until its deadline. Retrying is safe: such a write did not run (or is idempotent, as
 * enqueue by id is).
 */
export class DurableBatcher {
  private pending = new Map<string, DurableWrite[]>();
  private scheduled = false;

  constructor(
    private readonly conn: Redis | Cluster,
    private readonly kind: 'single' | 'cluster',
  ) {}

  submit(w: DurableWrite): void {
    const group = `${this.kind === 'cluster' ? calculateSlot(w.keys[0] ?? '') : 0}|${w.replicas}|${w.timeoutMs}`;
    const list = this.pending.get(group) ?? [];
    list.push(w);
    this.pending.set(group, list);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  define(d: ScriptDefinition): void {
    this.conn.defineCommand(d.name, { numberOfKeys: d.numberOfKeys, lua: d.lua });
  }

  disconnect(): void {
    this.conn.disconnect();
  }

  private flush(): void {
    this.scheduled = false;
    const groups = this.pending;
    this.pending = new Map();
    for (const batch of groups.values()) void this.send(batch);
  }

  private async send(batch: DurableWrite[]): Promise<void> {
    const first = batch[0]!;
    let results: Array<[Error | null, unknown]> | null;
    try {
      const p = (this.conn as unknown as { pipeline(): Pipeline }).pipeline();
      for (const w of batch) p[w.name]!(...w.keys, ...w.args);
      p.wait!(first.replicas, first.timeoutMs);
      results = await p.exec();
      if (!results) throw new Error('the durable pipeline returned nothing');
    } catch (e) {
      this.retryOrFail(batch, e);
      return;
    }
    const [waitErr, acked] = results[batch.length]!;
    const retry: DurableWrite[] = [];
    batch.forEach((w, i) => {
      const [err, result] = results![i]!;
      if (err) {
        if (isTransientClusterError(err) && Date.now() < w.deadline) retry.push(w);
        else w.reject(err);
      } else if (waitErr) {
        w.reject(waitErr);
      } else {
        w.resolve({ result, acked: Number(acked) });
      }
    });
    if (retry.length > 0) this.retryOrFail(retry, retry.length);
  }

  private retryOrFail(batch: DurableWrite[], cause: unknown): void {
    const live = batch.filter((w) => {
      if (typeof cause === 'number' || (isTransientClusterError(cause) && Date.now() < w.deadline)) return true;
      w.reject(cause);
      return false;
    });
    if (live.length === 0) return;
    if (this.kind === 'cluster') (this.conn as Cluster).refreshSlotsCache();
    setTimeout(() => {
      for (const w of live) this.submit(w);
    }, 100);
  }
}
