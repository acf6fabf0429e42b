/**
 * # A queue's history in Redis
 *
 * Per queue: completed, failed for good and retried attempts per minute, wait and run latency
 * (p50, p95) per minute, and the waiting depth and the head-of-queue age sampled once a minute,
 * kept 7 days with bounded memory.
 *
 * **Written atomically with the change it counts.** The scripts that raise `completedTotal` and
 * `failedTotal` (ack-11, fail-11, sweep-stalled-11, reserve-11 and expire-7) add the same counts,
 * and the attempt's wait and run latency as a bucket of a fixed histogram (latency-buckets.ts,
 * factor √2), to the current minute's bucket of the partition's history, in the same script. So
 * the history exists whether or not a console is open, a re-sent ack or fail (answered from the
 * task's record) counts nothing twice, and several workers count each completion once: each
 * counts only what its own script changed. A reader sums the partitions. The latencies are
 * measured by the worker (wait: from the task's readyAt or createdAt to the handler's start on
 * the worker's clock; run: the handler's duration) and passed to the script as bucket numbers.
 *
 * **Depth samples.** history-sample-3 writes the partition's wait-set size and the age of the
 * task at its head into the current minute with HSETNX, so the first caller of a minute wins and
 * any number of callers may call: every Worker calls it every 15 s for its queue's partitions
 * (recordHistorySample), and so does the console's main process (HistoryRecorder), so depth is
 * recorded while tasks pile up with no worker at all as long as a console is open. With neither,
 * minutes have no depth sample and the charts show a gap.
 *
 * **Keys and memory.** Per partition, HASH keys `{tag}:hist:m:<minute>` (minute = server ms /
 * 60 000) and `{tag}:hist:t:<ten>` (ten-minute buckets, written in the same calls, so the 7-day
 * tier is exact too). Each key gets a PEXPIREAT in the call that creates it: minute buckets expire
 * 24 h after their minute ends, ten-minute buckets 7 days after theirs end. So a partition holds
 * at most 1441 + 1009 keys and nothing has to trim them; a queue's history never needs deleting
 * (a dropped or retired partition's buckets expire on their own). Every key carries the
 * partition's hash tag, so each script touches one slot. A bucket has at most 6 other fields and
 * 2 × 56 latency fields, under the default hash-max-listpack-entries (128), so it stays
 * listpack-encoded. A minute sampled with nothing waiting that has no bucket yet is a bit of its
 * ten-minute bucket's `z` mask instead, so an idle partition holds ten-minute buckets only.
 *
 * Measured, 7 days per partition (MEMORY USAGE of every history key, Redis 7.0.15, after filling
 * 7 days of minutes through the same Lua functions at explicit times; history-memory.redis.test.ts),
 * one redis-server / a cluster node:
 * - busy (counts, 4 wait and 4 run buckets in use, a depth sample every minute): 466 928 / 506 144 bytes;
 * - a backlog nobody works (depth samples only): 294 000 / 333 200 bytes;
 * - idle (nothing waiting): 104 936 / 121 080 bytes;
 * - every latency bucket in use every minute (the bound): 2 982 448 bytes (one server).
 * A queue holds that per partition (times its partitions, and its retired generations' while
 * they last).
 *
 * **Reading.** history-read-1 sums a partition's buckets into points server-side (d and o: their
 * largest value); readHistory merges the partitions (depth summed, age the largest) and reads
 * p50/p95 from the merged histograms. Points: 1h = 60 × 1 min, 24h = 288 × 5 min (minute tier),
 * 7d = 336 × 30 min (ten-minute tier), a few hundred points per series at most.
 */

import type { HistoryRange } from '../../../shared/types/history';

/** How one range is read: which tier, how many of its buckets per point, how many points. */
export interface RangePlan {
  tier: 'm' | 't';
  bucketMs: number;
  step: number;
  points: number;
}

export const RANGE_PLANS: Record<HistoryRange, RangePlan> = {
  '1h': { tier: 'm', bucketMs: 60_000, step: 1, points: 60 },
  '24h': { tier: 'm', bucketMs: 60_000, step: 5, points: 288 },
  '7d': { tier: 't', bucketMs: 600_000, step: 3, points: 336 },
};

/** How often a worker (and the console) offers its depth sample; one per minute is kept. */
export const HISTORY_SAMPLE_MS = 15_000;
