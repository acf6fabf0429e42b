import type { Task } from '../../../shared/types/queue';

/**
 * A task's last reported progress: a bar for a number (0–100), the JSON for an object. `compact`
 * is the table cell; the drawer shows the number beside the bar.
 */
export function TaskProgress({
  taskId,
  progress,
  compact,
  testId,
}: {
  taskId: string;
  progress: Task['progress'];
  compact?: boolean;
  testId?: string;
}) {
  if (progress === undefined)
    return (
      <span className="muted" data-testid={testId} data-value="">
        —
      </span>
    );
  if (typeof progress !== 'number')
    return (
      <code data-testid={testId} data-value={JSON.stringify(progress)}>
        {JSON.stringify(progress).slice(0, compact ? 40 : 400)}
      </code>
    );
  const pct = Math.max(0, Math.min(100, progress));
  return (
    <span className="row" data-testid={testId} data-value={pct}>
      <progress value={pct} max={100} aria-label={`Progress of task ${taskId}`} />
      <span>{Math.round(pct)}%</span>
    </span>
  );
}
