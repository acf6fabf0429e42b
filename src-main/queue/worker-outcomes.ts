import type { EventEmitter } from 'node:events';
import type { AckDurability } from './ack-batcher';
import { MalformedDataError } from './errors';
import type { Queue } from './queue';
import { failedForGood, ScriptCode, scriptError } from './script-code';
import type { Lease } from './task-context';
import { noteOutcome } from './telemetry';

/** What a worker counted since it was made (Worker.stats). */
export interface WorkerStats {
  completed: number;
  failed: number;
  retried: number;
  errors: number;
  leaseLost: number;
  cancelled: number;
  lateResults: number;
  rateLimited: number;
}

export function newWorkerStats(): WorkerStats {
  return { completed: 0, failed: 0, retried: 0, errors: 0, leaseLost: 0, cancelled: 0, lateResults: 0, rateLimited: 0 };
}

/**
 * A worker's reading of the scripts' answers for finished attempts: each ack, fail or late
 * result becomes the worker's event, its stats count and the attempt span's outcome.
 */
export class Outcomes {
  constructor(
    private readonly events: EventEmitter,
    private readonly queue: Queue,
    private readonly stats: WorkerStats,
    private readonly report: (e: unknown) => void,
  ) {}

  /** A handler returned after its deadline: its result is discarded, and counted. */
  late(lease: Lease): void {
    this.stats.lateResults++;
    this.events.emit('late-result', lease.id);
    void this.queue.handle
      .call('HINCRBY', lease.partition.keys.meta, 'lateResultsTotal', 1)
      .catch((e: unknown) => this.report(e));
  }

  settleAck(lease: Lease, code: ScriptCode, durability: AckDurability): void {
    if (code === ScriptCode.Cancelled) {
      noteOutcome(lease.otel, 'cancelled');
      this.stats.cancelled++;
      this.events.emit('cancelled', lease.id);
      return;
    }
    const refused = scriptError(code, lease.id);
    if (!refused) {
      noteOutcome(lease.otel, 'completed');
      this.stats.completed++;
      this.events.emit('completed', lease.id, { durability });
      return;
    }
    this.refused(lease, code, refused);
  }

  afterFail(lease: Lease, code: ScriptCode, e: Error): void {
    if (code === ScriptCode.FailCancelled) {
      noteOutcome(lease.otel, 'cancelled', e);
      this.stats.cancelled++;
      this.events.emit('cancelled', lease.id);
    } else if (failedForGood(code)) {
      noteOutcome(lease.otel, 'failed', e);
      this.stats.failed++;
      if (code === ScriptCode.FailedUndecodable)
        this.report(
          new MalformedDataError(
            `queue ${this.queue.name} partition ${lease.partition.index}: task ${lease.id}: Redis's Lua cannot decode its stored record, so it was moved to failed and kept as it is`,
          ),
        );
      this.events.emit('failed', lease.id, e, true);
    } else if (code === ScriptCode.RetriedNow || code === ScriptCode.RetriedLater) {
      noteOutcome(lease.otel, 'retried', e);
      this.stats.retried++;
      this.events.emit('failed', lease.id, e, false);
    } else {
      const refused = scriptError(code, lease.id);
      if (refused) this.refused(lease, code, refused);
    }
  }

  private refused(lease: Lease, code: ScriptCode, e: Error): void {
    noteOutcome(lease.otel, code === ScriptCode.LeaseNotOwned ? 'lease-lost' : 'unknown', e);
    if (code === ScriptCode.LeaseNotOwned) {
      this.stats.leaseLost++;
      this.events.emit('lease-lost', lease.id);
    }
    this.report(e);
  }
}
