import { Queue, type Durability } from '../../queue/queue';
import { connectionFlags, intFlag, parseCommand } from '../args';
import { UsageError } from '../cli-error';
import { withConnection } from '../connect';
import type { CliIo } from '../io';

const HELP = `slotline enqueue <queue> [--payload JSON | --count N] [--delay MS] [--attempts N] [--priority N]
                 [--id ID] [--task-timeout MS] [--expires-in MS] [--wait [--timeout MS]]
                 [--dedupe ID [--dedupe-ttl MS]]
                 [--durable] [--durable-timeout MS] [--partitions P] [--url URL | --cluster h:p,…]

  --count N      enqueue N tasks with payloads {"n": 0..N-1}, in bulk
  --wait         wait until the task finishes and print its result as JSON (exit 1 if it failed
                 or was cancelled, with its last error)
  --timeout MS   give up waiting after MS (default 30000); the task itself keeps running
  --task-timeout MS  each attempt's deadline (the handler's signal aborts, the attempt fails)
  --expires-in MS    fail the task as expired if no worker started it within MS
  --dedupe ID    store nothing while another task holds dedupe id ID (until it finishes, or for
                 --dedupe-ttl MS from its enqueue); prints the id of the task that holds it
  --durable      wait until a replica has each write (WAIT 1 on the owning master)
  --partitions P spread a new queue over P partitions (P = masters puts one on each)`;

export async function enqueueCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('enqueue', argv, {
    ...connectionFlags,
    payload: { type: 'string' },
    count: { type: 'string' },
    delay: { type: 'string' },
    attempts: { type: 'string' },
    priority: { type: 'string' },
    id: { type: 'string' },
    durable: { type: 'boolean' },
    'durable-timeout': { type: 'string' },
    partitions: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    'task-timeout': { type: 'string' },
    'expires-in': { type: 'string' },
    dedupe: { type: 'string' },
    'dedupe-ttl': { type: 'string' },
  });
  if (values.help) return (io.out(HELP), 0);
  const name = positionals[0];
  if (!name) throw new UsageError(`slotline enqueue needs a queue name:\n${HELP}`);
  if (values.payload !== undefined && values.count !== undefined)
    throw new UsageError('--payload and --count cannot be used together');
  let payload: unknown = {};
  if (typeof values.payload === 'string') {
    try {
      payload = JSON.parse(values.payload);
    } catch (e) {
      throw new UsageError(
        `--payload ${JSON.stringify(values.payload.slice(0, 80))} is not valid JSON (${(e as Error).message}): expected e.g. '{"to":"ada@example.test"}'`,
      );
    }
  }
  const count = intFlag('count', values.count, 1, 1, 10_000_000);
  if (values.id !== undefined && count > 1) throw new UsageError('--id names one task; it cannot be used with --count');
  if (values.wait && count > 1) throw new UsageError('--wait waits for one task; it cannot be used with --count');
  if (values.timeout !== undefined && !values.wait)
    throw new UsageError('--timeout is how long --wait waits: give --wait too (--task-timeout limits each attempt)');
  const waitMs = intFlag('timeout', values.timeout, 30_000, 1, 86_400_000);
  if (values['dedupe-ttl'] !== undefined && values.dedupe === undefined)
    throw new UsageError('--dedupe-ttl is how long a --dedupe id holds: give --dedupe ID too');
  if (values.dedupe !== undefined && count > 1)
    throw new UsageError('--dedupe names one task; it cannot be used with --count');
  const dedupe =
    values.dedupe === undefined
      ? undefined
      : {
          id: values.dedupe as string,
          ...(values['dedupe-ttl'] === undefined
            ? {}
            : { ttlMs: intFlag('dedupe-ttl', values['dedupe-ttl'], 0, 1, 315_360_000_000) }),
        };
  const opts = {
    timeoutMs: values['task-timeout'] === undefined ? undefined : intFlag('task-timeout', values['task-timeout'], 0, 1),
    expiresInMs: values['expires-in'] === undefined ? undefined : intFlag('expires-in', values['expires-in'], 0, 1),
    delayMs: intFlag('delay', values.delay, 0, 0, 31_536_000_000),
    maxAttempts: intFlag('attempts', values.attempts, 3, 1, 1000),
    priority: intFlag('priority', values.priority, 0, 0, 1000),
  };
  const durable: Durability | undefined = values.durable
    ? { replicas: 1, timeoutMs: intFlag('durable-timeout', values['durable-timeout'], 1000, 1, 60000) }
    : undefined;
  const partitions = values.partitions === undefined ? undefined : intFlag('partitions', values.partitions, 1, 1, 1024);
  return withConnection(values, io, async (h) => {
    const q = await Queue.open(h, name, { partitions, durable });
    const t0 = Date.now();
    if (values.wait) {
      io.err(`enqueued to ${name}; waiting up to ${waitMs} ms for the result…`);
      const { timeoutMs: taskTimeoutMs, ...rest } = opts;
      const result = await q.enqueueAndWait(payload, {
        ...rest,
        taskTimeoutMs,
        id: values.id as string | undefined,
        dedupe,
        timeoutMs: waitMs,
      });
      io.out(result === undefined ? '(no result: the handler returned nothing)' : JSON.stringify(result, null, 2));
      return 0;
    }
    if (count === 1 && values.count === undefined) {
      const r = await q.enqueue(payload, { ...opts, id: values.id as string | undefined, dedupe });
      io.out(
        r.created
          ? `enqueued ${r.id} to ${name} (partition ${r.partition})`
          : r.deduplicated
            ? `task ${r.id} holds dedupe id ${JSON.stringify(dedupe!.id)} in ${name}; nothing stored`
            : `task ${r.id} already exists in ${name}; nothing changed`,
      );
      return 0;
    }
    let created = 0;
    for (let i = 0; i < count; i += 5000) {
      const n = Math.min(5000, count - i);
      const rs = await q.enqueueBulk(Array.from({ length: n }, (_, j) => ({ payload: { n: i + j }, ...opts })));
      created += rs.filter((r) => r.created).length;
    }
    const s = (Date.now() - t0) / 1000;
    io.out(
      `enqueued ${created} tasks to ${name} (${q.partitions.length} partition(s)${durable ? ', durable' : ''}) in ${s.toFixed(2)} s`,
    );
    return 0;
  });
}
