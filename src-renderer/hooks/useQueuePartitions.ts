import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../shared/ipc/contract';
import type { QueuePartitions } from '../../shared/types/partitions';
import { useApi } from '../api/ApiContext';
import { useDepthTick } from './useDepthTick';

/**
 * A queue's partitions (`queue:partitions`), fetched again on each of its depth samples (about
 * once a second: no timer of its own) and after `refresh`. `error` is the last failed fetch; the
 * last good answer stays shown meanwhile.
 */
export function useQueuePartitions(queue: string): {
  data: QueuePartitions | null;
  error: IpcError | null;
  refresh: () => void;
} {
  const bridge = useApi();
  const tick = useDepthTick(queue);
  const [nonce, setNonce] = useState(0);
  const [data, setData] = useState<QueuePartitions | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  useEffect(() => {
    let live = true;
    void bridge.invoke('queue:partitions', { queue }).then(
      (r) => {
        if (!live) return;
        if (r.ok) {
          setData(r.data);
          setError(null);
        } else setError(r.error);
      },
      (e: unknown) => live && setError({ code: 'bridge', message: String(e) }),
    );
    return () => {
      live = false;
    };
  }, [bridge, queue, tick, nonce]);

  const refresh = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, refresh };
}
