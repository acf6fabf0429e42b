// A producer: adds tasks to the `emails` queue and exits.
//   REDIS_URL=redis://127.0.0.1:6379 node examples/producer.mjs [count]
//   REDIS_CLUSTER_ENABLED=true REDIS_CLUSTER_NODES=127.0.0.1:7000,127.0.0.1:7001 node examples/producer.mjs
import { connect, Queue } from 'slotline';

const count = Number(process.argv[2] ?? 10);
const queueName = process.env.QUEUE ?? 'emails';

const connection = await connect(); // the same REDIS_* variables as the slotline CLI
try {
  // 3 partitions: on a cluster they land on different masters, which share the load.
  const emails = await Queue.open(connection, queueName, { partitions: 3 });
  for (let i = 0; i < count; i++) {
    const { id, created } = await emails.enqueue(
      { to: `user${i}@example.test`, template: 'welcome' },
      // The id makes the enqueue idempotent: running the producer twice adds nothing new.
      { id: `welcome-${i}`, maxAttempts: 5, backoff: { type: 'exponential', delayMs: 1000 } },
    );
    console.log(`${created ? 'enqueued' : 'already there'} ${id}`);
  }
  console.log(JSON.stringify(await emails.counts()));
} finally {
  await connection.close();
}
