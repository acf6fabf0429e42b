import type { PartitionRow, PartitionSpread } from '../../../shared/types/partitions';
import { formatCount, formatDuration, formatRate } from '../../lib/format';

/** How a partition row reads: `warning` rows need someone, `draining` ones are retired. */
export type PartitionState = 'warning' | 'draining' | 'kept' | 'drained' | 'paused' | 'served' | 'idle';

export interface PartitionRowView {
  key: string;
  /** `g1 #0`: generation and index. */
  label: string;
  state: PartitionState;
  /** The state in words; never colour alone. */
  stateText: string;
  master: string;
  oldest: string;
  throughput: string;
  row: PartitionRow;
}

function stateOf(r: PartitionRow): [PartitionState, string] {
  if (r.warning) return ['warning', `Warning: ${r.warning}`];
  const holds = r.waiting + r.delayed + r.active > 0;
  if (r.retired && holds) return ['draining', 'retired: draining'];
  // A retired generation is removed only once its failed tasks are requeued or purged too.
  if (r.retired && r.failed > 0)
    return [
      'kept',
      `retired: kept for its ${formatCount(r.failed)} failed task${r.failed === 1 ? '' : 's'} (requeue or purge them)`,
    ];
  if (r.retired) return ['drained', 'retired: drained, removed soon'];
  if (r.paused) return ['paused', 'paused'];
  return r.served ? ['served', 'served by live workers'] : ['idle', 'no live worker (nothing waiting)'];
}

/** The rows of the partition table, in main's order (newest generation first), as text. */
export function partitionRowViews(rows: readonly PartitionRow[], now: number): PartitionRowView[] {
  return rows.map((r) => {
    const [state, stateText] = stateOf(r);
    const master = r.master?.address ?? 'unknown';
    return {
      key: `${r.generation}:${r.index}:${r.tag}`,
      label: `g${r.generation} #${r.index}`,
      state,
      stateText,
      master: r.migratingTo ? `${master} → ${r.migratingTo} (migrating)` : master,
      oldest: r.oldestWaitingAt === null ? '—' : formatDuration(Math.max(0, now - r.oldestWaitingAt)),
      throughput:
        r.completedPerSec === null
          ? '—'
          : `${formatRate(r.completedPerSec)} ok${r.failedPerSec ? `, ${formatRate(r.failedPerSec)} failed` : ''}`,
      row: r,
    };
  });
}

/** `4 partitions over 3 masters: at most 2 each (fair share)`. */
export function spreadSummary(s: PartitionSpread): string {
  const masters = s.masters.length;
  if (masters === 0) return `${formatCount(s.partitions)} partitions; which masters hold them is not known yet`;
  const each = masters === 1 ? 'all on one master' : `at most ${s.fairMax} on each`;
  return `${formatCount(s.partitions)} partitions over ${masters} master${masters === 1 ? '' : 's'}: ${each}`;
}
