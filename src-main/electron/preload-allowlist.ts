import {
  CHANNELS,
  EVENT_NAMES,
  type Channel,
  type EventName,
  type IpcResult,
  type SlotlineBridge,
} from '../../shared/ipc/contract';

const INVOKE = new Set<string>(CHANNELS);
const EVENTS = new Set<string>(EVENT_NAMES);

export function isAllowedInvoke(channel: unknown): channel is Channel {
  return typeof channel === 'string' && INVOKE.has(channel);
}

export function isAllowedEvent(event: unknown): event is EventName {
  return typeof event === 'string' && EVENTS.has(event);
}

/** The part of `ipcRenderer` the bridge uses (a fake in tests). */
export interface RendererIpc {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/**
 * `window.slotline` as the preload exposes it: invoke only the contract's channels, subscribe only
 * to its events, and hand listeners the payload alone, never the IpcRendererEvent (whose `sender`
 * would give the page ipcRenderer itself).
 */
export function createPreloadBridge(ipc: RendererIpc): SlotlineBridge {
  return {
    invoke(channel, request) {
      if (!isAllowedInvoke(channel)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'invalid-request', message: `unknown channel ${String(channel).slice(0, 60)}` },
        }) as never;
      }
      return ipc.invoke(channel, request) as Promise<IpcResult<never>>;
    },
    on(event, listener) {
      if (!isAllowedEvent(event) || typeof listener !== 'function') return () => undefined;
      const wrapped = (_event: unknown, payload: unknown) => (listener as (p: unknown) => void)(payload);
      ipc.on(event, wrapped);
      return () => {
        ipc.removeListener(event, wrapped);
      };
    },
  };
}
