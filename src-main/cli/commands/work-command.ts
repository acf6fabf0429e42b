import { Queue } from '../../queue/queue';
import { Worker } from '../../queue/worker';
import { connectionFlags, intFlag, numberFlag, parseCommand } from '../args';
import { UsageError } from '../cli-error';
import { withConnection } from '../connect';
import type { CliIo } from '../io';

const HELP = `slotline work <queue> [--concurrency N] [--fail-rate F] [--task-ms MS] [--until-empty] [--max-seconds S]
              [--lease-ms MS] [--url URL | --cluster h:p,…]

  A demo/ops worker whose handler sleeps --task-ms and fails with probability --fail-rate (0..1).
  --until-empty  stop once nothing is waiting, delayed or active
  --max-seconds  stop after S seconds whatever happens (default: run until Ctrl-C)`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function workCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('work', argv, {
    ...connectionFlags,
    concurrency: { type: 'string' },
    'fail-rate': { type: 'string' },
    'task-ms': { type: 'string' },
    'until-empty': { type: 'boolean' },
    'max-seconds': { type: 'string' },
    'lease-ms': { type: 'string' },
  });
  if (values.help) return (io.out(HELP), 0);
  const name = positionals[0];
  if (!name) throw new UsageError(`slotline work needs a queue name:\n${HELP}`);
  const concurrency = intFlag('concurrency', values.concurrency, 10, 1, 10000);
  const failRate = numberFlag('fail-rate', values['fail-rate'], 0, 0, 1);
  const taskMs = intFlag('task-ms', values['task-ms'], 0, 0, 3_600_000);
  const maxSeconds = intFlag('max-seconds', values['max-seconds'], 0, 0, 31_536_000);
  const leaseMs = intFlag('lease-ms', values['lease-ms'], 30000, 100, 3_600_000);
  return withConnection(values, io, async (h) => {
    const q = await Queue.open(h, name, { mustExist: true });
    const w = new Worker(
      q,
      async (t) => {
        if (taskMs > 0) await sleep(taskMs);
        if (failRate > 0 && Math.random() < failRate)
          throw new Error(`simulated failure (--fail-rate ${failRate}) of task ${t.id}, attempt ${t.attempt}`);
      },
      { concurrency, leaseMs },
    );
    let lastError = '';
    w.on('error', (e: Error) => {
      if (e.message !== lastError) io.err(`worker: ${e.message}`);
      lastError = e.message;
    });
    let stopping = false;
    const onSignal = () => {
      if (stopping) return;
      stopping = true;
      io.err('stopping: finishing running tasks (Ctrl-C again to force)');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const t0 = Date.now();
    w.start();
    io.out(`worker ${w.id} on ${name}: ${q.partitions.length} partition(s), concurrency ${concurrency}`);
    let lastReport = 0;
    try {
      while (!stopping) {
        await sleep(250);
        const elapsed = (Date.now() - t0) / 1000;
        if (Date.now() - lastReport >= 1000) {
          lastReport = Date.now();
          io.out(
            `${elapsed.toFixed(0)}s completed ${w.stats.completed}, retried ${w.stats.retried}, failed ${w.stats.failed}, active ${w.active}`,
          );
        }
        if (maxSeconds > 0 && elapsed >= maxSeconds) break;
        if (values['until-empty']) {
          const c = await q.counts();
          if (c.waiting + c.delayed + c.active === 0 && w.active === 0) break;
        }
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await w.stop(10000);
    }
    const s = (Date.now() - t0) / 1000;
    io.out(
      `done in ${s.toFixed(2)} s: completed ${w.stats.completed}, retried ${w.stats.retried}, failed ${w.stats.failed} (${(w.stats.completed / s).toFixed(0)} tasks/s)`,
    );
    return 0;
  });
}
