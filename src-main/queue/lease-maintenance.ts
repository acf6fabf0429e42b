import os from 'node:os';
import { retry } from '../lib/retry';
import { TRANSIENT_RETRY } from '../redis/connection-error';
import { LeaseLostError, MalformedDataError } from './errors';
import { WORKERS_KEY } from './keys';
import type { Partition, Queue } from './queue';
import { ScriptCode } from './script-code';
import { abortLease, type Lease } from './task-context';

/** Script calls a worker makes besides reserve and ack: one batch per partition each. */

/** Most expired leases one sweep call recovers; the next interval takes the rest. */
const SWEEP_LIMIT = 1000;

function byPartition(leases: Iterable<Lease>): Map<Partition, Lease[]> {
  const out = new Map<Partition, Lease[]>();
  for (const l of leases) {
    const list = out.get(l.partition);
    if (list) list.push(l);
    else out.set(l.partition, [l]);
  }
  return out;
}

/** Renews leases to the server's time + `leaseMs`; a lease that is no longer the worker's has its signal aborted. */
export async function extendLeases(queue: Queue, leases: Iterable<Lease>, leaseMs: number): Promise<void> {
  await Promise.all(
    [...byPartition(leases)].map(async ([p, ls]) => {
      // Idempotent under the token; retried within a third of the lease, when the next round comes.
      const codes = await retry({ ...TRANSIENT_RETRY, budgetMs: Math.floor(leaseMs / 3) }, () =>
        queue.scripts.extend(p, ls, leaseMs),
      );
      codes.forEach((c, i) => {
        if (c === ScriptCode.LeaseNotOwned) abortLease(ls[i]!, new LeaseLostError(ls[i]!.id));
      });
    }),
  );
}

/** Expiry batches per partition per sweep (100 tasks each). */
const EXPIRE_BATCHES = 10;
/** Retention batches per partition per sweep (100 tasks each); a backlog is worked off over sweeps. */
const RETAIN_BATCHES = 20;

/**
 * Recovers expired leases on every partition, under the partition's sweep lock, reporting each
 * partition's recoveries as they happen; the holder of the lock then also fails expired tasks
 * and applies the queue's retention, in bounded batches.
 */
export async function sweepStalled(
  queue: Queue,
  o: { intervalMs: number; maxStalls: number; sweeperId: string },
  onSwept: (s: { partition: number; requeued: number; failed: number }) => void,
): Promise<void> {
  let refreshed = false;
  for (const p of queue.allPartitions) {
    const r = await queue.scripts.sweepStalled(p, {
      lockMs: o.intervalMs,
      maxStalls: o.maxStalls,
      limit: SWEEP_LIMIT,
      sweeperId: o.sweeperId,
    });
    if (r && (r.requeued > 0 || r.failed > 0)) onSwept({ partition: p.index, ...r });
    if (r) {
      if (!refreshed) {
        await queue.refreshDefinition();
        refreshed = true;
      }
      await queue.expirePartition(p, EXPIRE_BATCHES);
      await queue.retainPartition(p, RETAIN_BATCHES);
    }
  }
}

/** Gives leases back to waiting without counting the attempt. */
export async function releaseLeases(queue: Queue, leases: Iterable<Lease>): Promise<void> {
  await Promise.all(
    // Fenced: a re-send after a lost reply only answers LeaseNotOwned for what it already released.
    [...byPartition(leases)].map(([p, ls]) => retry(TRANSIENT_RETRY, () => queue.scripts.release(p, ls))),
  );
}

/** Writes the worker's heartbeat entry, which the console reads instead of CLIENT LIST. */
export async function writeHeartbeat(
  queue: Queue,
  w: { id: string; concurrency: number; active: number; startedAt: number },
): Promise<void> {
  const info = { ...w, queue: queue.name, host: os.hostname(), pid: process.pid, lastSeen: Date.now() };
  await queue.handle.call('HSET', WORKERS_KEY, w.id, JSON.stringify(info));
}

/**
 * Asks, per partition with leases, which leased tasks have a cancellation pending: one short
 * script call per partition (per 1000 leases); nothing when the worker holds no lease.
 */
export async function cancelledLeases(queue: Queue, leases: Iterable<Lease>): Promise<Lease[]> {
  const open = [...leases].filter((l) => !l.settled);
  const out: Lease[] = [];
  await Promise.all(
    [...byPartition(open)].map(async ([p, ls]) => {
      for (let i = 0; i < ls.length; i += 1000) {
        const chunk = ls.slice(i, i + 1000);
        const ids = await queue.scripts.cancelCheck(
          p,
          chunk.map((l) => l.id),
        );
        if (ids.length === 0) continue;
        const hit = new Set(ids);
        for (const l of chunk) if (hit.has(l.id)) out.push(l);
      }
    }),
  );
  return out;
}

/** One reserve call; task records that are not valid JSON (moved to failed by the script) are reported. */
export async function reserveBatch(
  queue: Queue,
  p: Partition,
  o: Parameters<Queue['scripts']['reserve']>[1],
  report: (e: Error) => void,
): Promise<Awaited<ReturnType<Queue['scripts']['reserve']>>> {
  const r = await queue.scripts.reserve(p, o);
  if (r.corrupt.length > 0) {
    report(
      new MalformedDataError(
        `queue ${queue.name} partition ${p.index}: task record(s) ${r.corrupt.join(', ')} are not valid JSON; moved to failed and kept for inspection`,
      ),
    );
  }
  return r;
}
