import { useCallback, useState } from 'react';
import type { Channel, IpcError, RequestOf, ResponseOf } from '../../shared/ipc/contract';
import { useApi } from '../api/ApiContext';

/** Runs one request with busy/error state for buttons; resolves to the data or undefined on error. */
export function useAction() {
  const bridge = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const run = useCallback(
    async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C> | undefined> => {
      setBusy(true);
      setError(null);
      try {
        const result = await bridge.invoke(channel, request);
        if (result.ok) return result.data;
        setError(result.error);
        return undefined;
      } catch (e) {
        setError({ code: 'bridge', message: String(e) });
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [bridge],
  );
  return { run, busy, error, clearError: () => setError(null) };
}
