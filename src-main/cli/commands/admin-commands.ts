import { audited } from '../audited';
import { RequeueableStateSchema, TaskStateSchema, type TaskState } from '../../../shared/types/queue';
import { listTasks, purgeState, requeueIds, requeueState } from '../../queue/queue-admin';
import { Queue } from '../../queue/queue';
import { partitionsPerMaster } from '../../queue/partition-plan';
import { listQueueDefinitions, masterSlots } from '../../queue/registry';
import { listWorkers } from '../../queue/worker-registry';
import { connectionFlags, intFlag, parseCommand } from '../args';
import { UsageError } from '../cli-error';
import { withConnection } from '../connect';
import { progressPrinter, type CliIo } from '../io';
import { formatRetention } from '../../../shared/format/retention';
import { printTask } from './task-detail';

function queueName(command: string, positionals: string[], usage: string): string {
  const name = positionals[0];
  if (!name) throw new UsageError(`slotline ${command} needs a queue name: ${usage}`);
  return name;
}

function stateFlag(value: unknown, allowed: readonly string[]): TaskState {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new UsageError(`--state ${JSON.stringify(value ?? '')}: expected one of ${allowed.join(', ')}`);
  }
  return value as TaskState;
}

async function statsOf(q: Queue) {
  const [c, workers] = await Promise.all([q.counts(), listWorkers(q.handle, q.name)]);
  return {
    queue: q.name,
    partitions: q.partitions.length,
    waiting: c.waiting,
    delayed: c.delayed,
    active: c.active,
    completed: c.completed,
    failed: c.failed,
    cancelled: c.cancelled,
    paused: c.paused,
    workers: workers.length,
    completedTotal: c.completedTotal,
    failedTotal: c.failedTotal,
    cancelledTotal: c.cancelledTotal,
    retentionRemovedTotal: c.retentionRemovedTotal,
  };
}

/** `slotline stats [<queue>] [--json]`. */
export async function statsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('stats', argv, { ...connectionFlags, json: { type: 'boolean' } });
  if (values.help)
    return (io.out('slotline stats [<queue>] [--json]: counts per state (all queues without a name)'), 0);
  return withConnection(values, io, async (h) => {
    const names = positionals[0] ? [positionals[0]] : (await listQueueDefinitions(h)).map((d) => d.name);
    const rows = [];
    for (const n of names) rows.push(await statsOf(await Queue.open(h, n, { mustExist: true })));
    if (values.json) io.out(JSON.stringify(positionals[0] ? rows[0] : rows, null, 2));
    else if (rows.length === 0) io.out('no queues yet: slotline enqueue <queue> creates one');
    else {
      io.out('queue                 parts  waiting  delayed   active  completed   failed  cancelled  paused  workers');
      for (const r of rows) {
        io.out(
          `${r.queue.padEnd(21)} ${String(r.partitions).padStart(5)} ${String(r.waiting).padStart(8)} ${String(r.delayed).padStart(8)} ${String(r.active).padStart(8)} ${String(r.completed).padStart(10)} ${String(r.failed).padStart(8)} ${String(r.cancelled).padStart(10)}  ${(r.paused ? 'yes' : 'no').padEnd(6)} ${String(r.workers).padStart(8)}`,
        );
      }
    }
    return 0;
  });
}

/** `slotline queues rebalance <queue> [--partitions N] [--json]`: a new generation over the masters of now. */
export async function queuesRebalanceCommand(argv: string[], io: CliIo): Promise<number> {
  const usage = `slotline queues rebalance <queue> [--partitions N] [--json]

  Re-plans the queue's partitions over the current masters as a new generation: producers switch
  within about a second, workers drain the old partitions, whose keys are then removed.
  --partitions N   partitions of the new generation (1-1024, default: as many as now)`;
  const { values, positionals } = parseCommand('queues rebalance', argv, {
    ...connectionFlags,
    partitions: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return (io.out(usage), 0);
  const name = queueName('queues rebalance', positionals, usage);
  const partitions = values.partitions === undefined ? undefined : Number(values.partitions);
  return withConnection(values, io, async (h) => {
    const q = await Queue.open(h, name, { mustExist: true });
    const r = await audited(
      h,
      'queues-rebalance',
      { queue: name, ...(partitions === undefined ? {} : { partitions }) },
      () => q.rebalance({ partitions }),
      (x) => x.partitionsAfter,
    );
    if (values.json) io.out(JSON.stringify(r, null, 2));
    else {
      io.out(
        `${name} generation ${r.generation}: ${r.partitionsBefore} → ${r.partitionsAfter} partitions, ${r.movedSchedules} schedule(s) moved`,
      );
      io.out(`  tags=${r.tags.join(',')}`);
      io.out('  workers drain the retired partitions; their keys are removed once empty');
    }
    return 0;
  });
}

/** `slotline queues [--json]` (and `slotline queues rebalance …`). */
export async function queuesCommand(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'rebalance') return queuesRebalanceCommand(argv.slice(1), io);
  const { values } = parseCommand('queues', argv, { ...connectionFlags, json: { type: 'boolean' } }, false);
  if (values.help) {
    io.out('slotline queues [--json]: every queue with its partitions, hash tags and retention');
    io.out('slotline queues rebalance <queue> [--partitions N]: re-spread a queue over the masters of now');
    io.out('  retention: how many finished tasks are kept and for how long; cancelled tasks follow failed');
    return 0;
  }
  return withConnection(values, io, async (h) => {
    const defs = await listQueueDefinitions(h, (name, e) => io.err(`warning: ${e.message}`));
    const masters = await masterSlots(h);
    // Where each queue's partitions live now: after a reshard a queue can end up uneven.
    const rows = await Promise.all(
      defs.map(async (d) => {
        const q = await Queue.open(h, d.name, { mustExist: true });
        // One queue whose keys are not what Slotline wrote must not hide the others: it is listed
        // from its definition, with a warning that names the bad key.
        let retentionRemovedTotal: number | undefined;
        try {
          retentionRemovedTotal = (await q.counts()).retentionRemovedTotal;
        } catch (e) {
          io.err(`warning: ${(e as Error).message}`);
        }
        return {
          ...d,
          retention: q.retention,
          retentionRemovedTotal,
          perMaster: Object.fromEntries(partitionsPerMaster(d.tags, masters)),
        };
      }),
    );
    if (values.json) io.out(JSON.stringify(rows, null, 2));
    else {
      for (const r of rows) {
        const spread = masters.length > 1 ? `  per master=${Object.values(r.perMaster).join('/')}` : '';
        io.out(`${r.name}  partitions=${r.partitions}${spread}  tags=${r.tags.join(',')}`);
        if (r.generation || r.retired)
          io.out(
            `  generation ${r.generation ?? 0}${r.retired ? `, draining ${r.retired.map((g) => `generation ${g.generation} (${g.tags.length} partitions)`).join(', ')}` : ''}`,
          );
        io.out(
          `  retention  ${formatRetention(r.retention)}  (removed so far: ${r.retentionRemovedTotal ?? 'unknown, see the warning above'})`,
        );
        if (r.rateLimit || r.concurrency) {
          const rate = r.rateLimit ? `${r.rateLimit.max} per ${r.rateLimit.perMs} ms` : 'none';
          io.out(`  limits     rate ${rate}, concurrency ${r.concurrency ?? 'none'}  (slotline limit ${r.name})`);
        }
      }
    }
    return 0;
  });
}

/** `slotline tasks <queue> (--state S [--limit N] [--cursor C] | --id ID [--lines N]) [--json]`. */
export async function tasksCommand(argv: string[], io: CliIo): Promise<number> {
  const usage = `slotline tasks <queue> --state ${TaskStateSchema.options.join('|')} [--limit N] [--cursor C] [--json]
slotline tasks <queue> --id ID [--lines N] [--json]

  --id ID     one task: state, attempts, progress, result, last error and the tail of its log
  --lines N   log lines shown with --id (default 20, at most 1000)`;
  const { values, positionals } = parseCommand('tasks', argv, {
    ...connectionFlags,
    id: { type: 'string' },
    lines: { type: 'string' },
    state: { type: 'string' },
    limit: { type: 'string' },
    cursor: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return (io.out(usage), 0);
  const name = queueName('tasks', positionals, usage);
  if (values.id !== undefined) {
    if (values.state !== undefined) throw new UsageError(`give either --id or --state, not both:\n${usage}`);
    const tail = intFlag('lines', values.lines, 20, 1, 1000);
    return withConnection(values, io, async (h) =>
      printTask(await Queue.open(h, name, { mustExist: true }), values.id as string, tail, Boolean(values.json), io),
    );
  }
  if (values.lines !== undefined) throw new UsageError(`--lines goes with --id:\n${usage}`);
  const state = stateFlag(values.state, TaskStateSchema.options);
  const limit = intFlag('limit', values.limit, 20, 1, 500);
  return withConnection(values, io, async (h) => {
    const q = await Queue.open(h, name, { mustExist: true });
    const page = await listTasks(q, state, { limit, cursor: values.cursor as string | undefined });
    if (values.json) io.out(JSON.stringify(page, null, 2));
    else {
      for (const t of page.tasks) {
        io.out(
          `${t.id}  attempts ${t.attemptsMade}/${t.maxAttempts}  ${typeof t.progress === 'number' ? `progress ${t.progress}%  ` : ''}${t.corrupt ? '[corrupt] ' : ''}${JSON.stringify(t.payload).slice(0, 60)}${t.lastError ? `  last error: ${t.lastError.slice(0, 80)}` : ''}`,
        );
      }
      if (page.nextCursor) io.out(`more: --cursor ${page.nextCursor}`);
    }
    return 0;
  });
}

/** `slotline requeue <queue> (--id ID… | --state S)`. */
export async function requeueCommand(argv: string[], io: CliIo): Promise<number> {
  const usage = 'slotline requeue <queue> (--id ID [--id ID …] | --state failed|delayed|completed|cancelled)';
  const { values, positionals } = parseCommand('requeue', argv, {
    ...connectionFlags,
    id: { type: 'string', multiple: true },
    state: { type: 'string' },
  });
  if (values.help) return (io.out(usage), 0);
  const name = queueName('requeue', positionals, usage);
  const ids = (values.id as string[] | undefined) ?? [];
  if (ids.length > 0 === (values.state !== undefined)) throw new UsageError(`give either --id or --state: ${usage}`);
  const state =
    values.state === undefined
      ? undefined
      : (stateFlag(values.state, RequeueableStateSchema.options) as 'failed' | 'delayed' | 'completed' | 'cancelled');
  return withConnection(values, io, async (h) => {
    const q = await Queue.open(h, name, { mustExist: true });
    const r = await audited(
      h,
      'requeue',
      state ? { queue: name, state } : { queue: name, ids },
      () => (state ? requeueState(q, state) : requeueIds(q, ids)),
      (x) => x.done,
    );
    io.out(`requeued ${r.done} of ${r.total} task(s) in ${name}`);
    return 0;
  });
}

/** `slotline purge <queue> --state S [--older-than MS] [--yes]`. */
export async function purgeCommand(argv: string[], io: CliIo): Promise<number> {
  const usage = 'slotline purge <queue> --state S [--older-than MS] [--yes]';
  const { values, positionals } = parseCommand('purge', argv, {
    ...connectionFlags,
    state: { type: 'string' },
    'older-than': { type: 'string' },
    yes: { type: 'boolean' },
  });
  if (values.help) return (io.out(usage), 0);
  const name = queueName('purge', positionals, usage);
  const state = stateFlag(values.state, TaskStateSchema.options);
  const olderThanMs =
    values['older-than'] === undefined
      ? undefined
      : intFlag('older-than', values['older-than'], 0, 0, Number.MAX_SAFE_INTEGER);
  return withConnection(values, io, async (h) => {
    const q = await Queue.open(h, name, { mustExist: true });
    const count = (await q.counts())[state];
    const what = `${olderThanMs === undefined ? 'every' : `up to ${count}`} ${state} task (${count} now)${olderThanMs === undefined ? '' : ` finished more than ${olderThanMs} ms ago`} from ${name}`;
    if (!values.yes && !(await io.confirm(`Delete ${what}?`))) {
      io.err(`not purged: confirm at the prompt, or pass --yes to delete ${what}`);
      return 1;
    }
    const r = await audited(
      h,
      'purge',
      { queue: name, state, ...(olderThanMs === undefined ? {} : { olderThanMs }) },
      () => purgeState(q, state, { olderThanMs, onProgress: progressPrinter(io, 'purging') }),
      (x) => x.done,
    );
    io.out(`purged ${r.done} ${state} task(s) from ${name}`);
    return 0;
  });
}

/** `slotline pause|resume <queue>`. */
export function pauseCommand(pause: boolean) {
  return async (argv: string[], io: CliIo): Promise<number> => {
    const verb = pause ? 'pause' : 'resume';
    const { values, positionals } = parseCommand(verb, argv, connectionFlags);
    if (values.help) return (io.out(`slotline ${verb} <queue>`), 0);
    const name = queueName(verb, positionals, `slotline ${verb} <queue>`);
    return withConnection(values, io, async (h) => {
      const q = await Queue.open(h, name, { mustExist: true });
      await audited(
        h,
        verb,
        { queue: name },
        () => (pause ? q.pause() : q.resume()),
        () => undefined,
      );
      io.out(`${name} ${pause ? 'paused' : 'resumed'}`);
      return 0;
    });
  };
}
