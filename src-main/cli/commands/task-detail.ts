import type { Task, TaskLogPage } from '../../../shared/types/queue';
import type { Queue } from '../../queue/queue';
import { TaskNotFoundError } from '../../queue/errors';
import type { CliIo } from '../io';

/** Longest result printed before it is cut (the whole value is in --json). */
const RESULT_PRINT_CHARS = 4000;

function progressText(p: Task['progress']): string | undefined {
  if (p === undefined) return undefined;
  return typeof p === 'number' ? `${p}%` : JSON.stringify(p);
}

/** The lines `slotline tasks <queue> --id ID` prints: state, attempts, progress, result, error, log tail. */
export function describeTask(t: Task, logs: TaskLogPage): string[] {
  const lines = [
    `${t.id}  ${t.state}${t.cancelRequested ? ' (cancel requested)' : ''}${t.failedReason ? ` (${t.failedReason})` : ''}  queue ${t.queue} partition ${t.partition}`,
    `attempts  ${t.attemptsMade}/${t.maxAttempts}${t.timeoutMs ? `  timeout ${t.timeoutMs} ms` : ''}${t.expiresAt ? `  expires ${new Date(t.expiresAt).toISOString()}` : ''}`,
    `payload   ${t.corrupt ? `[corrupt] ${t.raw ?? ''}` : JSON.stringify(t.payload)}`,
  ];
  const progress = progressText(t.progress);
  if (progress !== undefined) lines.push(`progress  ${progress}`);
  if (t.result !== undefined) {
    const text = JSON.stringify(t.result, null, 2);
    const cut = text.length > RESULT_PRINT_CHARS;
    lines.push(
      `result    ${cut ? `${text.slice(0, RESULT_PRINT_CHARS)}… (${text.length} chars; --json for all)` : text}`,
    );
  }
  if (t.lastError) lines.push(`error     ${t.lastError}`);
  if (t.cancelledAt) lines.push(`cancelled ${new Date(t.cancelledAt).toISOString()}`);
  const shown = logs.lines.length;
  lines.push(
    shown === 0
      ? `log       (empty; ${t.logCount} line(s) ever written)`
      : `log       last ${shown} of ${logs.total} kept (${t.logCount} written):`,
  );
  for (const l of logs.lines) lines.push(`  ${l}`);
  return lines;
}

/** Prints one task with its log tail, or fails with exit 1 when the id is unknown. */
export async function printTask(q: Queue, id: string, tail: number, json: boolean, io: CliIo): Promise<number> {
  const task = await q.get(id);
  if (!task) throw new TaskNotFoundError(id, q.name);
  const logs = await q.getLogs(id, { start: -tail, end: -1 });
  if (json) io.out(JSON.stringify({ task, logs }, null, 2));
  else for (const l of describeTask(task, logs)) io.out(l);
  return 0;
}
