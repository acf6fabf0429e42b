import { useEffect, useRef } from 'react';
import type { TaskLogPage } from '../../../shared/types/queue';
import './TaskLog.css';

/** The kept tail of a task's log; while `following`, it stays scrolled to the newest line. */
export function TaskLog({
  logs,
  logCount,
  following,
}: {
  logs: TaskLogPage | null;
  logCount: number;
  following: boolean;
}) {
  const box = useRef<HTMLOListElement>(null);
  const lines = logs?.lines ?? [];
  const newest = lines[lines.length - 1];
  useEffect(() => {
    const el = box.current;
    if (el && following) el.scrollTop = el.scrollHeight;
  }, [lines.length, newest, following]);
  return (
    <div data-testid="task-log" data-lines={lines.length} data-following={String(following)}>
      <p className="muted" data-testid="task-log-summary">
        {logs === null
          ? 'Loading the log…'
          : lines.length === 0
            ? 'No log lines.'
            : `Last ${lines.length} of ${logs.total} kept line(s); ${logCount} written${following ? ' — following' : ''}.`}
      </p>
      {lines.length > 0 && (
        <ol className="task-log" ref={box} start={(logs?.start ?? 0) + 1} aria-label="Task log" tabIndex={0}>
          {lines.map((l, i) => (
            <li key={(logs?.start ?? 0) + i} data-testid="task-log-line">
              {l}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
