// Type-checked by scripts/package-smoke.ts against the installed package's declarations
// (module nodenext, strict): the public API is typed, and internals are not importable.
import {
  connect,
  ConnectionError,
  DurabilityError,
  LeaseLostError,
  parseSettings,
  Queue,
  UnrecoverableError,
  Worker,
} from 'slotline';
import type { ConnectOptions, QueueCounts, TaskContext, WorkerOptions } from 'slotline';

const options: ConnectOptions = { cluster: ['127.0.0.1:7000'], timeoutMs: 5000 };
const workerOptions: WorkerOptions = { concurrency: 5, leaseMs: 10_000 };

export async function typed(): Promise<QueueCounts> {
  const connection = await connect(options);
  const queue = await Queue.open(connection, 'typed', { partitions: 3, durable: { replicas: 1, timeoutMs: 100 } });
  const { id, partition }: { id: string; partition: number } = await queue.enqueue({ a: 1 }, { delayMs: 10 });
  const worker = new Worker(
    queue,
    async (task: TaskContext) => {
      if (task.attempt > 2) throw new UnrecoverableError(`${id} ${partition}`);
    },
    workerOptions,
  );
  worker.start();
  await worker.stop(1000);
  const code: string = new ConnectionError('timeout', 'x').code;
  const errors = [new LeaseLostError('t'), new DurabilityError('w', 0, 1, 100)].map((e) => e.code);
  const mode: 'single' | 'cluster' = parseSettings({ REDIS_URL: 'redis://h:1' }).settings.mode;
  void [code, errors, mode];
  return queue.counts();
}
