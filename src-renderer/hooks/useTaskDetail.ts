import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError } from '../../shared/ipc/contract';
import type { Task, TaskLogPage } from '../../shared/types/queue';
import { useApi } from '../api/ApiContext';
import { useLive } from './useLive';

/** Log lines the drawer asks for: the tail. */
export const LOG_TAIL = 200;
const FINAL = new Set<Task['state']>(['completed', 'failed', 'cancelled']);

/**
 * One task and its log tail, fetched when opened. While the task is not final it follows: each
 * new `queue:depth` sample of its queue (pushed by main about once a second) triggers one refetch,
 * so the drawer has no timer of its own and stops asking once the task has finished.
 */
export function useTaskDetail(initial: Task) {
  const bridge = useApi();
  const { queue, id } = initial;
  const [task, setTask] = useState<Task>(initial);
  /** The record is gone (deleted, purged or removed by retention): the last one seen stays shown. */
  const [gone, setGone] = useState(false);
  const [logs, setLogs] = useState<TaskLogPage | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [version, setVersion] = useState(0);
  const following = !gone && !FINAL.has(task.state);
  const tick = useLive((s) => {
    const points = s.depth[queue];
    return points?.[points.length - 1]?.at ?? 0;
  });
  // A new sample only matters while the task can still change; once final, the trigger stays
  // where it was, so the change to final does not cost one more fetch.
  const held = useRef(tick);
  if (following) held.current = tick;
  const trigger = held.current;

  useEffect(() => {
    let live = true;
    void Promise.all([
      bridge.invoke('queue:get', { queue, id }),
      bridge.invoke('queue:logs', { queue, id, start: -LOG_TAIL, end: -1 }),
    ]).then(([t, l]) => {
      if (!live) return;
      if (t.ok && t.data) setTask(t.data);
      setGone(t.ok && t.data === null);
      if (l.ok) setLogs(l.data);
      setError(!t.ok ? t.error : !l.ok ? l.error : null);
    });
    return () => {
      live = false;
    };
  }, [bridge, queue, id, trigger, version]);

  return { task, logs, error, gone, following, refresh: useCallback(() => setVersion((v) => v + 1), []) };
}
