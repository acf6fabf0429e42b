import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import { TickBatcher } from '../lib/tick-batcher';
import { isTransientClusterError } from './connection-error';
import type { RedisArg, ScriptDefinition } from './handle';

/** What a durable write came back with. */
export interface DurableOutcome {
  result: unknown;
  /** Replicas that acknowledged (0 when WAIT itself failed). */
  acked: number;
  /** WAIT failed after the write succeeded: the write stands, its replication is unknown. */
  waitError?: Error;
}

export interface DurableWrite {
  name: string;
  keys: string[];
  args: RedisArg[];
  replicas: number;
  timeoutMs: number;
  resolve: (v: DurableOutcome) => void;
  reject: (e: unknown) => void;
}

type Pipeline = { exec(): Promise<Array<[Error | null, unknown]> | null> } & Record<
  string,
  (...a: RedisArg[]) => Pipeline
>;

/**
 * Sends durable writes in batches: the writes of one hash slot (so one master) that arrive in the
 * same turn of the event loop go in one pipeline followed by one `WAIT replicas timeout`, which
 * covers them all.
 *
 * It does not retry. A write that fails is rejected with its own error, and the caller's retry
 * policy decides: a refusal (MOVED, CLUSTERDOWN, TRYAGAIN) means the write did not run, but a
 * closed connection leaves open whether it ran, so only writes that recognise their own earlier
 * success may be re-sent (enqueue by id, fenced acks). A failed WAIT does not undo writes that
 * succeeded: they resolve, with the WAIT error reported beside them.
 */
export class DurableBatcher {
  private readonly batcher = new TickBatcher<string, DurableWrite>((_group, batch) => void this.send(batch));

  constructor(
    private readonly conn: Redis | Cluster,
    private readonly kind: 'single' | 'cluster',
  ) {}

  submit(w: DurableWrite): void {
    const slot = this.kind === 'cluster' ? calculateSlot(w.keys[0] ?? '') : 0;
    this.batcher.add(`${slot}|${w.replicas}|${w.timeoutMs}`, w);
  }

  define(d: ScriptDefinition): void {
    this.conn.defineCommand(d.name, { numberOfKeys: d.numberOfKeys, lua: d.lua });
  }

  disconnect(): void {
    this.conn.disconnect();
  }

  private async send(batch: DurableWrite[]): Promise<void> {
    const first = batch[0]!;
    let results: Array<[Error | null, unknown]>;
    try {
      const p = (this.conn as unknown as { pipeline(): Pipeline }).pipeline();
      for (const w of batch) p[w.name]!(...w.keys, ...w.args);
      p.wait!(first.replicas, first.timeoutMs);
      const r = await p.exec();
      if (!r) throw new Error('the durable pipeline returned nothing');
      results = r;
    } catch (e) {
      this.afterTransient(e);
      for (const w of batch) w.reject(e);
      return;
    }
    const [waitErr, acked] = results[batch.length] ?? [new Error('the durable pipeline returned no WAIT reply'), 0];
    batch.forEach((w, i) => {
      const [err, result] = results[i]!;
      if (err) {
        this.afterTransient(err);
        w.reject(err);
      } else if (waitErr) w.resolve({ result, acked: 0, waitError: waitErr });
      else w.resolve({ result, acked: Number(acked) });
    });
  }

  /** A redirection or a lost node: refresh the slot map so the caller's retry goes to the new master. */
  private afterTransient(e: unknown): void {
    if (this.kind === 'cluster' && isTransientClusterError(e)) (this.conn as Cluster).refreshSlotsCache();
  }
}
