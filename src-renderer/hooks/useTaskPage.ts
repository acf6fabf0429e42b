import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../shared/ipc/contract';
import type { Task, TaskState } from '../../shared/types/queue';
import { useApi } from '../api/ApiContext';

const PAGE_SIZE = 50;

/**
 * One page of tasks by state, or of search results, with cursor paging (a stack of cursors so
 * Previous works). Fetches on demand only: when the inputs change or `reload` is called.
 */
export function useTaskPage(queue: string | null, state: TaskState, query: string) {
  const bridge = useApi();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [version, setVersion] = useState(0);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => setCursors([undefined]), [queue, state, query]);
  useEffect(() => {
    if (!queue) return;
    let live = true;
    const request = query
      ? bridge.invoke('queue:search', { queue, query, cursor, limit: PAGE_SIZE })
      : bridge.invoke('queue:tasks', { queue, state, cursor, limit: PAGE_SIZE });
    void request.then((result) => {
      if (!live) return;
      if (result.ok) {
        setTasks(result.data.tasks);
        setNextCursor(result.data.nextCursor);
        setError(null);
      } else {
        setTasks([]);
        setError(result.error);
      }
    });
    return () => {
      live = false;
    };
  }, [bridge, queue, state, query, cursor, version]);

  return {
    tasks,
    error,
    page: cursors.length,
    hasNext: nextCursor !== null,
    next: useCallback(() => nextCursor && setCursors((c) => [...c, nextCursor]), [nextCursor]),
    prev: useCallback(() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)), []),
    reload: useCallback(() => setVersion((v) => v + 1), []),
  };
}
