import fs from 'node:fs';
import path from 'node:path';
import { DRILL_DEFAULTS } from '../../drill/drill-options';
import type { DrillMode } from '../../drill/drill-types';
import { formatReport } from '../../drill/format-report';
import { formatPartitionReport } from '../../drill/format-partition-report';
import { runDrill } from '../../drill/run-drill';
import { runPartitionDrill } from '../../drill/run-partition-drill';
import { formatReshardReport } from '../../drill/format-reshard-report';
import { RESHARD_DEFAULTS } from '../../drill/reshard-options';
import { runReshardDrill } from '../../drill/run-reshard-drill';
import { intFlag, numberFlag, parseCommand } from '../args';
import { UsageError } from '../cli-error';
import type { CliIo } from '../io';

const d = DRILL_DEFAULTS;
const r = RESHARD_DEFAULTS;
const HELP = `slotline drill — a failover consistency drill (lost, duplicate and unacknowledged tasks)

  slotline drill [--kills ${d.kills}] [--interval ${d.intervalS}] [--duration S] [--rate ${d.rate}] [--concurrency ${d.concurrency}]
                 [--partitions ${d.partitions}] [--mode kill|failover|pause|partition|reshard] [--node-timeout ${d.nodeTimeoutMs}]
                 [--wait-every ${d.waitEvery}] [--cluster-dir DIR] [--json PATH]

  Starts a 3-master/3-replica cluster of its own (or uses --cluster-dir), runs producers and
  workers, takes a master away every --interval seconds (rotating over the shards), waits for
  the promotion and the rejoin, drains, and reconciles. Exit 1 when an acknowledged durable task
  was lost, a task is stuck, or a fault did not heal.
  --mode kill      SIGKILL the master, then restart it
         partition iptables splits on a 3+3 cluster of its own on 127.0.0.11-16 (needs root):
                   minority master (with and without min-replicas-to-write 1), replica cut,
                   3|3 split, clients cut from one master. Skips, saying why, without iptables.
         failover  CLUSTER FAILOVER on its replica (graceful)
         pause     DEBUG SLEEP the master past node-timeout (a stalled host)
  --wait-every N   every N-th enqueue is an enqueueAndWait; the report counts waits resolved,
                   failed clearly and hung (0 = no waiters). Exit 1 when a wait hung.

  slotline drill --mode reshard [--rate ${r.rate}] [--concurrency ${r.concurrency}] [--add ${r.addMasters}] [--replicas ${r.replicas}]
                 [--no-scale-in] [--spread-window ${r.spreadWindowS}] [--attempts ${r.slotMoveAttempts}] [--node-timeout ${d.nodeTimeoutMs}]
                 [--wait-every ${d.waitEvery}] [--cluster-dir DIR] [--json PATH]

  Scale out and back in under load: on a 3+3 cluster of its own (or --cluster-dir), add --add
  masters (each with --replicas replicas; with 0, durable writes to them stay unconfirmed),
  rebalance the slots onto them (redis-cli --cluster rebalance, retried up to --attempts times,
  --cluster fix when a slot is left open), rebalance the queue to one partition per master and
  wait until its retired partitions are drained and removed; then remove the added masters
  (slots moved away, del-node with their replicas) and rebalance the queue back (not with
  --no-scale-in). Prints each step's time and longest write wait, and the load per master
  (INFO commandstats calls over --spread-window seconds): after each queue rebalance every
  master must be within ±10% of the mean. Exit 1 on a durable loss, a stuck task, a failed
  step or a spread outside 10%.`;

/** `slotline drill`. */
export async function drillCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand(
    'drill',
    argv,
    {
      kills: { type: 'string' },
      interval: { type: 'string' },
      duration: { type: 'string' },
      rate: { type: 'string' },
      concurrency: { type: 'string' },
      partitions: { type: 'string' },
      mode: { type: 'string' },
      'node-timeout': { type: 'string' },
      'cluster-dir': { type: 'string' },
      'wait-every': { type: 'string' },
      json: { type: 'string' },
      add: { type: 'string' },
      replicas: { type: 'string' },
      'no-scale-in': { type: 'boolean' },
      'spread-window': { type: 'string' },
      attempts: { type: 'string' },
    },
    false,
  );
  if (values.help) return (io.out(HELP), 0);
  const mode = String(values.mode ?? d.mode);
  if (!['kill', 'failover', 'pause', 'partition', 'reshard'].includes(mode))
    throw new UsageError(`--mode ${JSON.stringify(mode)}: expected kill, failover, pause, partition or reshard`);
  const reshardOnly = ['add', 'replicas', 'no-scale-in', 'spread-window', 'attempts'].filter(
    (f) => values[f] !== undefined,
  );
  if (mode !== 'reshard' && reshardOnly.length > 0)
    throw new UsageError(`--${reshardOnly[0]} is a --mode reshard flag: expected it with --mode reshard only`);
  if (mode === 'reshard') {
    const other = ['kills', 'interval', 'duration', 'partitions'].filter((f) => values[f] !== undefined);
    if (other.length > 0)
      throw new UsageError(
        `--${other[0]} does not apply to --mode reshard (its steps are fixed and its partitions follow the masters)`,
      );
    const rr = await runReshardDrill({
      rate: intFlag('rate', values.rate, r.rate, 1, 100000),
      concurrency: intFlag('concurrency', values.concurrency, r.concurrency, 1, 10000),
      addMasters: intFlag('add', values.add, r.addMasters, 1, 12),
      replicas: intFlag('replicas', values.replicas, r.replicas, 0, 5),
      scaleIn: values['no-scale-in'] !== true,
      spreadWindowS: intFlag('spread-window', values['spread-window'], r.spreadWindowS, 1, 600),
      slotMoveAttempts: intFlag('attempts', values.attempts, r.slotMoveAttempts, 1, 20),
      nodeTimeoutMs: intFlag('node-timeout', values['node-timeout'], d.nodeTimeoutMs, 100, 600000),
      waitEvery: intFlag('wait-every', values['wait-every'], d.waitEvery, 0, 1_000_000),
      clusterDir: typeof values['cluster-dir'] === 'string' ? path.resolve(values['cluster-dir']) : undefined,
      onProgress: (line) => io.err(`drill: ${line}`),
    });
    io.out(formatReshardReport(rr));
    if (typeof values.json === 'string') {
      fs.writeFileSync(values.json, JSON.stringify(rr, null, 2) + '\n');
      io.err(`drill: report written to ${values.json}`);
    }
    return rr.ok ? 0 : 1;
  }
  if (mode === 'partition') {
    const pr = await runPartitionDrill({
      rate: intFlag('rate', values.rate, 300, 1, 100000),
      concurrency: intFlag('concurrency', values.concurrency, 20, 1, 10000),
      nodeTimeoutMs: intFlag('node-timeout', values['node-timeout'], d.nodeTimeoutMs, 100, 600000),
      onProgress: (line) => io.err(`drill: ${line}`),
    });
    io.out(formatPartitionReport(pr));
    if (typeof values.json === 'string') fs.writeFileSync(values.json, JSON.stringify(pr, null, 2) + '\n');
    return pr.ok ? 0 : 1;
  }
  const report = await runDrill({
    kills: intFlag('kills', values.kills, d.kills, 0, 100),
    intervalS: numberFlag('interval', values.interval, d.intervalS, 1, 3600),
    durationS: numberFlag('duration', values.duration, d.durationS, 0, 86400),
    rate: intFlag('rate', values.rate, d.rate, 1, 100000),
    concurrency: intFlag('concurrency', values.concurrency, d.concurrency, 1, 10000),
    partitions: intFlag('partitions', values.partitions, d.partitions, 1, 1024),
    mode: mode as DrillMode,
    nodeTimeoutMs: intFlag('node-timeout', values['node-timeout'], d.nodeTimeoutMs, 100, 600000),
    waitEvery: intFlag('wait-every', values['wait-every'], d.waitEvery, 0, 1_000_000),
    clusterDir: typeof values['cluster-dir'] === 'string' ? path.resolve(values['cluster-dir']) : undefined,
    onProgress: (line) => io.err(`drill: ${line}`),
  });
  io.out(formatReport(report));
  if (typeof values.json === 'string') {
    fs.writeFileSync(values.json, JSON.stringify(report, null, 2) + '\n');
    io.err(`drill: report written to ${values.json}`);
  }
  return report.ok ? 0 : 1;
}
