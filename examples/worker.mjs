// A worker with a graceful shutdown: on SIGTERM (what Kubernetes, systemd and Docker send) or
// Ctrl-C it stops taking tasks, lets running ones finish for up to 10 s, hands the leases of
// unfinished ones back to the queue, closes the connection and exits 0.
//   REDIS_URL=redis://127.0.0.1:6379 node examples/worker.mjs
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, Queue, UnrecoverableError, Worker } from 'slotline';

const queueName = process.env.QUEUE ?? 'emails';
const connection = await connect();
const emails = await Queue.open(connection, queueName, { partitions: 3 });

async function send(payload, signal) {
  // Stand-in for a mail API call; `signal` aborts when the lease is lost or the worker stops.
  await sleep(5, undefined, { signal });
  return `sent to ${payload.to}`;
}

const worker = new Worker(
  emails,
  async (task) => {
    if (!task.payload?.to) throw new UnrecoverableError('no recipient'); // failed for good, no retry
    await send(task.payload, task.signal);
  },
  { concurrency: 20 },
);
worker.on('completed', (id) => console.log(`completed ${id}`));
worker.on('failed', (id, error, final) => console.log(`failed ${id}${final ? ' for good' : ''}: ${error}`));
worker.on('error', (e) => console.error(`worker: ${e.message}`));
worker.start();
console.log(`worker ${worker.id} on ${queueName} (pid ${process.pid}); SIGTERM or Ctrl-C stops it`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing running tasks`);
  await worker.stop(10_000);
  await connection.close();
  console.log(`stopped: ${worker.stats.completed} completed, ${worker.stats.failed} failed`);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
