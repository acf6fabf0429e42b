import { SlotlineError } from '../../shared/errors';
import { processIo, type CliIo } from './io';
import { installSafetyNet } from './safety-net';

type Command = (argv: string[], io: CliIo) => Promise<number>;

/** Loads the admin commands module on first use: `--help` loads no command module at all. */
const admin = () => import('./commands/admin-commands');

// Each command's module (and what it pulls in: ioredis, the queue, the harness, the server) is
// imported only when that command runs, so start-up costs what the command needs and no more.
const COMMANDS: Record<string, { run: () => Promise<Command>; summary: string }> = {
  cluster: {
    run: async () => (await import('./commands/cluster-command')).clusterCommand,
    summary: 'start, inspect, kill and stop a local Redis Cluster',
  },
  drill: {
    run: async () => (await import('./commands/drill-command')).drillCommand,
    summary:
      'drills under load: kill masters, split the network, or reshard 3 → 6 → 3 masters; count lost and stuck tasks',
  },
  enqueue: {
    run: async () => (await import('./commands/enqueue-command')).enqueueCommand,
    summary: 'add tasks to a queue (--wait prints the result)',
  },
  work: {
    run: async () => (await import('./commands/work-command')).workCommand,
    summary: 'run a worker over a queue',
  },
  stats: { run: async () => (await admin()).statsCommand, summary: 'counts per state of one or every queue' },
  queues: {
    run: async () => (await admin()).queuesCommand,
    summary: 'list queues with partitions and tags; queues rebalance <queue> re-spreads one',
  },
  tasks: { run: async () => (await admin()).tasksCommand, summary: 'list the tasks of a state, or show one (--id)' },
  requeue: {
    run: async () => (await admin()).requeueCommand,
    summary: 'move failed/delayed/completed/cancelled tasks back to waiting',
  },
  purge: { run: async () => (await admin()).purgeCommand, summary: 'delete the tasks of a state (asks first)' },
  cancel: {
    run: async () => (await import('./commands/cancel-command')).cancelCommand,
    summary: 'cancel tasks by id or by state; active ones are aborted on their worker (asks first)',
  },
  schedule: {
    run: async () => (await import('./commands/schedule-command')).scheduleCommand,
    summary: 'add, list, remove, pause, resume or run now the schedules of a queue',
  },
  limit: {
    run: async () => (await import('./commands/limit-command')).limitCommand,
    summary: 'set (--max N --per MS), remove (--off) or show the queue-wide rate limit',
  },
  concurrency: {
    run: async () => (await import('./commands/limit-command')).concurrencyCommand,
    summary: 'set (N), remove (--off) or show the queue-wide cap on active tasks',
  },
  pause: { run: async () => (await admin()).pauseCommand(true), summary: 'stop workers taking tasks from a queue' },
  resume: { run: async () => (await admin()).pauseCommand(false), summary: 'let workers take tasks again' },
  alerts: {
    run: async () => (await import('./commands/alerts-command')).alertsCommand,
    summary: 'alert rules every console shares: list, add, rm, ack, snooze, history',
  },
  bench: {
    run: async () => (await import('./commands/bench-command')).benchCommand,
    summary: 'Slotline vs BullMQ on local Redis it starts itself (bench/README.md)',
  },
  serve: {
    run: async () => (await import('./commands/serve-command')).serveCommand,
    summary: 'serve the console to a browser on loopback (token in the URL)',
  },
  exporter: {
    run: async () => (await import('./commands/exporter-command')).exporterCommand,
    summary: 'Prometheus /metrics for the cluster and queues (read-only)',
  },
};

/** Servers: an uncaught error is logged and they keep serving (see installSafetyNet). */
const LONG_RUNNING = new Set(['serve', 'exporter']);

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: slotline <command> [options]\n\n${lines.join('\n')}\n\nConnection: REDIS_URL, or REDIS_CLUSTER_ENABLED=true with REDIS_CLUSTER_NODES (or --url / --cluster).\nRun slotline <command> --help for details.`;
}

/** Entry point: returns the exit code. Errors are printed as one clear line, never as a bare stack. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.err(`slotline: unknown command ${JSON.stringify(name)}: expected one of ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  const removeSafetyNet = installSafetyNet({ command: name, keepRunning: LONG_RUNNING.has(name), io });
  try {
    return await (
      await cmd.run()
    )(rest, io);
  } catch (e) {
    if (e instanceof SlotlineError) {
      io.err(`slotline ${name}: ${e.message}`);
      return e.code === 'usage' ? 2 : 1;
    }
    io.err(`slotline ${name}: unexpected error: ${(e as Error).message ?? String(e)}`);
    if (process.env.SLOTLINE_DEBUG) io.err((e as Error).stack ?? '');
    return 1;
  } finally {
    removeSafetyNet();
  }
}
