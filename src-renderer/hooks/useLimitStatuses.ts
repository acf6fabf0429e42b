import { useCallback, useEffect, useState } from 'react';
import type { LimitStatus } from '../../shared/types/schedule';
import { useApi } from '../api/ApiContext';
import { useDepthTick } from './useDepthTick';

/**
 * Each named queue's rate limit, concurrency cap and whether they hold tasks back now
 * (`limits:get`), refetched on each depth sample; `put` stores the status an edit answered with.
 */
export function useLimitStatuses(queues: string[]): {
  statuses: Record<string, LimitStatus>;
  put: (status: LimitStatus) => void;
} {
  const bridge = useApi();
  const tick = useDepthTick();
  const [statuses, setStatuses] = useState<Record<string, LimitStatus>>({});
  const key = queues.join('\n');

  useEffect(() => {
    let live = true;
    void Promise.all(key === '' ? [] : key.split('\n').map((queue) => bridge.invoke('limits:get', { queue }))).then(
      (results) => {
        if (!live) return;
        const next: Record<string, LimitStatus> = {};
        for (const r of results) if (r.ok) next[r.data.queue] = r.data;
        setStatuses(next);
      },
    );
    return () => {
      live = false;
    };
  }, [bridge, key, tick]);

  const put = useCallback((s: LimitStatus) => setStatuses((all) => ({ ...all, [s.queue]: s })), []);
  return { statuses, put };
}
