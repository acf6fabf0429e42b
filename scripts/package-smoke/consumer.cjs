// Run by scripts/package-smoke.ts in a fresh folder where only the packed tarball is installed:
// a CommonJS application (require() of the ES module package, Node >= 20.19). Same checks as
// consumer.mjs: 1000 tasks over 3 partitions, a Worker until all are completed, exit 0.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS application is what this file tests */
const { connect, Queue, Worker } = require('slotline');
const { setTimeout: sleep } = require('node:timers/promises');

const TOTAL = 1000;

async function main(name) {
  const t0 = Date.now();
  const connection = await connect();
  const queue = await Queue.open(connection, name, { partitions: 3 });
  if (queue.partitions.length !== 3) throw new Error(`expected 3 partitions, got ${queue.partitions.length}`);
  const enqueued = await Promise.all(Array.from({ length: TOTAL }, (_, n) => queue.enqueue({ n })));
  const perPartition = [0, 0, 0];
  for (const r of enqueued) perPartition[r.partition] += 1;
  if (perPartition.some((c) => c === 0)) throw new Error(`a partition got no task: ${perPartition}`);

  const seen = new Set();
  const worker = new Worker(queue, async (task) => void seen.add(task.payload.n), { concurrency: 20 });
  worker.on('error', (e) => console.error(`worker: ${e.message}`));
  worker.start();
  let counts;
  for (const deadline = Date.now() + 60_000; ; await sleep(50)) {
    counts = await queue.counts();
    if (counts.completed === TOTAL && counts.waiting + counts.delayed + counts.active === 0) break;
    if (Date.now() > deadline) throw new Error(`not done after 60 s: ${JSON.stringify(counts)}`);
  }
  await worker.stop(5000);
  await connection.close();
  if (counts.failed !== 0) throw new Error(`${counts.failed} tasks failed`);
  if (seen.size !== TOTAL) throw new Error(`handler saw ${seen.size} distinct tasks, expected ${TOTAL}`);
  const summary = { module: 'cjs', queue: name, kind: connection.kind, perPartition, ...counts };
  console.log(JSON.stringify({ ...summary, ms: Date.now() - t0 }));
}

main(process.argv[2] ?? `consumer-cjs-${Date.now()}`).then(
  () => process.exit(0),
  (e) => {
    console.error(`consumer.cjs: ${e.message}`);
    process.exit(1);
  },
);
