import type { PartitionRow } from '../../../shared/types/partitions';
import { formatCount } from '../../lib/format';
import { partitionRowViews } from './partitionRows';

/**
 * One row per partition of every generation: index and generation, hash tag and slot, the master
 * it lives on now, depth by state, oldest waiting, throughput, and its state in words (a warning
 * row says why, it is not marked by colour alone).
 */
export function PartitionTable({ rows, now }: { rows: readonly PartitionRow[]; now: number }) {
  return (
    <table data-testid="partition-table">
      <caption className="muted partition-caption">Partitions, newest generation first</caption>
      <thead>
        <tr>
          <th scope="col">Partition</th>
          <th scope="col">Hash tag / slot</th>
          <th scope="col">Master</th>
          <th scope="col">Waiting</th>
          <th scope="col">Delayed</th>
          <th scope="col">Active</th>
          <th scope="col">Completed</th>
          <th scope="col">Failed</th>
          <th scope="col">Cancelled</th>
          <th scope="col">Oldest waiting</th>
          <th scope="col">Throughput</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {partitionRowViews(rows, now).map((v) => (
          <tr
            key={v.key}
            className={v.state === 'warning' ? 'partition-warning' : v.row.retired ? 'partition-retired' : undefined}
            data-testid="partition-row"
            data-generation={v.row.generation}
            data-index={v.row.index}
            data-state={v.state}
            data-served={String(v.row.served)}
          >
            <th scope="row">{v.label}</th>
            <td>
              <code>{v.row.tag}</code> / {v.row.slot}
            </td>
            <td data-testid="partition-master">{v.master}</td>
            <td data-testid="partition-waiting">{formatCount(v.row.waiting)}</td>
            <td>{formatCount(v.row.delayed)}</td>
            <td>{formatCount(v.row.active)}</td>
            <td>{formatCount(v.row.completed)}</td>
            <td>{formatCount(v.row.failed)}</td>
            <td>{formatCount(v.row.cancelled)}</td>
            <td data-testid="partition-oldest">{v.oldest}</td>
            <td data-testid="partition-throughput">{v.throughput}</td>
            <td data-testid="partition-state">
              {v.state === 'warning' ? <strong>{v.stateText}</strong> : v.stateText}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
