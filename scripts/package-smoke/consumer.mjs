// Run by scripts/package-smoke.ts in a fresh folder where only the packed tarball is installed:
// an ES module application. Connects from REDIS_* variables, enqueues 1000 tasks over 3 partitions,
// runs a Worker until every task is completed, checks the counts, exits 0 (1 with the reason).
import { connect, Queue, Worker } from 'slotline';
import { setTimeout as sleep } from 'node:timers/promises';

const TOTAL = 1000;
const name = process.argv[2] ?? `consumer-esm-${Date.now()}`;
const fail = (why) => {
  console.error(`consumer.mjs: ${why}`);
  process.exit(1);
};

let stage = 'connect';
// A hang anywhere (not only in the wait loop) ends with the stage it hung in, not a silent timeout.
setTimeout(() => fail(`stuck in ${stage} after 90 s`), 90_000).unref();
const t0 = Date.now();
const connection = await connect();
stage = 'Queue.open';
const queue = await Queue.open(connection, name, { partitions: 3 });
if (queue.partitions.length !== 3) fail(`expected 3 partitions, got ${queue.partitions.length}`);
stage = 'enqueue';
const enqueued = await Promise.all(Array.from({ length: TOTAL }, (_, n) => queue.enqueue({ n })));
const perPartition = [0, 0, 0];
for (const r of enqueued) perPartition[r.partition] += 1;
if (perPartition.some((c) => c === 0)) fail(`a partition got no task: ${perPartition}`);

const seen = new Set();
const worker = new Worker(queue, async (task) => void seen.add(task.payload.n), { concurrency: 20 });
worker.on('error', (e) => console.error(`worker: ${e.message}`));
worker.start();
stage = 'waiting for completion';
let counts;
for (const deadline = Date.now() + 60_000; ; await sleep(50)) {
  counts = await queue.counts();
  if (counts.completed === TOTAL && counts.waiting + counts.delayed + counts.active === 0) break;
  if (Date.now() > deadline) fail(`not done after 60 s: ${JSON.stringify(counts)}`);
}
stage = 'worker.stop';
await worker.stop(5000);
stage = 'connection.close';
await connection.close();
if (counts.failed !== 0) fail(`${counts.failed} tasks failed`);
if (seen.size !== TOTAL) fail(`handler saw ${seen.size} distinct tasks, expected ${TOTAL}`);
console.log(
  JSON.stringify({ module: 'esm', queue: name, kind: connection.kind, perPartition, ...counts, ms: Date.now() - t0 }),
);
