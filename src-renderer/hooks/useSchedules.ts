import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../shared/ipc/contract';
import type { ScheduleInfo } from '../../shared/types/schedule';
import { useApi } from '../api/ApiContext';
import { useDepthTick } from './useDepthTick';

/**
 * Every schedule of every queue (null until the first answer). Refetched on each depth sample main
 * pushes (about once a second), so next/last fire and the counters follow without a timer here;
 * `refresh` after an action.
 */
export function useSchedules(): { schedules: ScheduleInfo[] | null; error: IpcError | null; refresh: () => void } {
  const bridge = useApi();
  const tick = useDepthTick();
  const [version, setVersion] = useState(0);
  const [schedules, setSchedules] = useState<ScheduleInfo[] | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  useEffect(() => {
    let live = true;
    void bridge.invoke('schedules:list', {}).then((r) => {
      if (!live) return;
      if (r.ok) setSchedules(r.data);
      setError(r.ok ? null : r.error);
    });
    return () => {
      live = false;
    };
  }, [bridge, tick, version]);

  return { schedules, error, refresh: useCallback(() => setVersion((v) => v + 1), []) };
}
