import type { ConnectionStatus } from '../../shared/ipc/contract';
import type { Alert } from '../../shared/types/alerts';
import type { TopologySnapshot } from '../../shared/types/topology';
import type { TroubleLevel } from './queue-trouble';
import { formatCount } from './format';
import { summarizeTopology } from './topology-summary';

/** The overview's headline: is anything wrong, and what, worst first. */
export interface Verdict {
  level: TroubleLevel;
  /** Short findings, danger before warn; empty when all is well. */
  findings: string[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * One line an operator reads first: the connection, the cluster (state, coverage, nodes down),
 * alerts, and queues in trouble. Danger: something is down, unserved, firing unacknowledged or a
 * queue is in danger; warn: a replica is down, an alert pending or acknowledged, a queue warns.
 */
export function overviewVerdict(input: {
  connection: ConnectionStatus | null;
  snapshot: TopologySnapshot | null;
  alerts: readonly Alert[] | null;
  queueLevels: readonly TroubleLevel[];
}): Verdict {
  const danger: string[] = [];
  const warn: string[] = [];
  const { connection, snapshot } = input;
  if (connection && connection.state !== 'ready') danger.push(`connection ${connection.state}`);
  if (snapshot?.mode === 'cluster') {
    const nodes = summarizeTopology(snapshot);
    if (snapshot.clusterState !== 'ok') danger.push(`cluster_state ${snapshot.clusterState}`);
    const unserved = 16384 - snapshot.coverage.ok;
    if (unserved > 0) danger.push(`${plural(unserved, 'slot')} not served`);
    if (nodes.mastersDown) danger.push(`${plural(nodes.mastersDown, 'master')} down`);
    if (nodes.replicasDown) warn.push(`${plural(nodes.replicasDown, 'replica', 'replicas')} down`);
  }
  const alerts = input.alerts ?? [];
  const firing = alerts.filter((a) => a.state === 'firing' && !a.ackedAt).length;
  const acked = alerts.filter((a) => a.state === 'firing' && a.ackedAt).length;
  const pending = alerts.filter((a) => a.state === 'pending').length;
  if (firing) danger.push(`${plural(firing, 'alert')} firing`);
  if (acked) warn.push(`${plural(acked, 'alert')} acknowledged`);
  if (pending) warn.push(`${plural(pending, 'alert')} pending`);
  const bad = input.queueLevels.filter((l) => l === 'danger').length;
  const iffy = input.queueLevels.filter((l) => l === 'warn').length;
  if (bad) danger.push(`${plural(bad, 'queue')} in trouble`);
  if (iffy) warn.push(`${plural(iffy, 'queue')} to watch`);
  return { level: danger.length ? 'danger' : warn.length ? 'warn' : 'ok', findings: [...danger, ...warn] };
}
