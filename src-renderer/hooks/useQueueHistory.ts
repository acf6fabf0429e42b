import { useEffect, useState } from 'react';
import type { HistoryRange, QueueHistory } from '../../shared/types/history';
import { useApi } from '../api/ApiContext';
import { useDepthTick } from './useDepthTick';

interface HistoryState {
  key: string;
  history: QueueHistory | null;
  error: string | null;
}

/**
 * A queue's history over a range (`queue:history`), read again when the queue or range changes
 * and once a minute on the pushed depth samples (no timer of its own). While another queue's or
 * range's history loads, it answers null rather than the old one.
 */
export function useQueueHistory(
  queue: string,
  range: HistoryRange,
): { history: QueueHistory | null; error: string | null } {
  const bridge = useApi();
  const minute = Math.floor(useDepthTick(queue) / 60_000);
  const key = `${queue}\n${range}`;
  const [state, setState] = useState<HistoryState>({ key: '', history: null, error: null });

  useEffect(() => {
    let live = true;
    void bridge.invoke('queue:history', { queue, range }).then((r) => {
      if (!live) return;
      setState(r.ok ? { key, history: r.data, error: null } : { key, history: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [bridge, queue, range, key, minute]);

  return state.key === key ? state : { history: null, error: null };
}
