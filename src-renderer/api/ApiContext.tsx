import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { SlotlineBridge } from '../../shared/ipc/contract';
import { createLiveStore, type LiveStore } from '../store/live-store';

interface ApiValue {
  bridge: SlotlineBridge;
  store: LiveStore;
}
const ApiContext = createContext<ApiValue | null>(null);

/** Hands the bridge (real or a test fake) and the live store built on it to every view. */
export function ApiProvider({ bridge, children }: { bridge: SlotlineBridge; children: ReactNode }) {
  const store = useMemo(() => createLiveStore(bridge), [bridge]);
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  const value = useMemo(() => ({ bridge, store }), [bridge, store]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

function useApiValue(): ApiValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi() needs an <ApiProvider> above it');
  return value;
}

/** The bridge, for request/response calls. */
export function useApi(): SlotlineBridge {
  return useApiValue().bridge;
}

/** The live store, for hooks that read pushed data. */
export function useLiveStore(): LiveStore {
  return useApiValue().store;
}
