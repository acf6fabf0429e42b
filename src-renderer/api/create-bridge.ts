import type { SlotlineBridge } from '../../shared/ipc/contract';
import { createWebBridge } from './web-bridge';
import { checkSession, socketUrl, takeToken } from './web-session';

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge. */
    slotline?: SlotlineBridge;
  }
}

export type BridgeStart =
  | { kind: 'ready'; bridge: SlotlineBridge }
  | { kind: 'auth-error'; reason: 'no-token' | 'unauthorized' | 'unreachable' };

/**
 * The one place that touches `window.slotline` or opens the WebSocket: the Electron preload's bridge
 * when present, else `slotline serve`'s WebSocket after the session token checks out.
 * `onUnauthorized` fires if the server later refuses the token (it was rotated or the server restarted).
 */
export async function createBridge(onUnauthorized: () => void): Promise<BridgeStart> {
  if (window.slotline) return { kind: 'ready', bridge: window.slotline };
  const token = takeToken(window.location, window.sessionStorage, window.history);
  if (!token) return { kind: 'auth-error', reason: 'no-token' };
  const session = await checkSession(token);
  if (session !== 'ok') return { kind: 'auth-error', reason: session };
  return {
    kind: 'ready',
    bridge: createWebBridge({
      url: socketUrl(window.location, token),
      onUnauthorized,
      checkSession: () => checkSession(token),
    }),
  };
}
