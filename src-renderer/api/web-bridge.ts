import {
  channels,
  events,
  isEventName,
  type Channel,
  type EventName,
  type IpcResult,
  type SlotlineBridge,
} from '../../shared/ipc/contract';
import { WS_CLOSE_UNAUTHORIZED, WsServerMessageSchema } from '../../shared/ipc/web-protocol';

export interface WebBridgeOptions {
  url: string;
  /** Injected by tests. Default: the browser's WebSocket. */
  WebSocketImpl?: typeof WebSocket;
  /** Called once when the server closes with 4401; the bridge then stops reconnecting. */
  onUnauthorized?: () => void;
  /**
   * Asked after a socket closed for any other reason: a browser cannot see the HTTP 401 of a
   * refused upgrade (serve restarted with a new token), so the session is checked over HTTP.
   */
  checkSession?: () => Promise<'ok' | 'unauthorized' | 'unreachable'>;
  /** First reconnect delay, doubled per failure up to `maxDelayMs`. Defaults 500 and 10 000. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
}

type Listener = (payload: unknown) => void;

/**
 * The SlotlineBridge over `slotline serve`'s WebSocket: invokes are matched to results by id,
 * events and results are checked against the contract, and a lost socket is reopened with backoff
 * while the console is told (as a `connection:state` event) so it can show its banner.
 */
export function createWebBridge(options: WebBridgeOptions): SlotlineBridge & { close(): void } {
  const { url, WebSocketImpl = WebSocket, baseDelayMs = 500, maxDelayMs = 10_000, now = Date.now } = options;
  const listeners = new Map<string, Set<Listener>>();
  const pending = new Map<number, { channel: Channel; resolve: (r: IpcResult<unknown>) => void }>();
  let outbox: string[] = [];
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let lost = false;
  let socket: WebSocket;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const dispatch = (event: EventName, payload: unknown) => {
    const parsed = events[event].safeParse(payload);
    if (parsed.success) listeners.get(event)?.forEach((l) => l(parsed.data));
  };
  const failPending = (code: string, message: string) => {
    pending.forEach((p) => p.resolve({ ok: false, error: { code, message } }));
    pending.clear();
  };

  const connect = () => {
    socket = new WebSocketImpl(url);
    socket.onopen = () => {
      attempt = 0;
      outbox.forEach((m) => socket.send(m));
      outbox = [];
      if (lost) {
        lost = false;
        void bridge.invoke('connection:current', {}).then((r) => r.ok && dispatch('connection:state', r.data));
      }
    };
    socket.onmessage = (message) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      const parsed = WsServerMessageSchema.safeParse(data);
      if (!parsed.success) return;
      const msg = parsed.data;
      if (msg.type === 'event') {
        if (isEventName(msg.event)) dispatch(msg.event, msg.payload);
        return;
      }
      const entry = pending.get(msg.id);
      if (!entry) return;
      pending.delete(msg.id);
      if (!msg.result.ok) return entry.resolve(msg.result);
      const checked = channels[entry.channel].response.safeParse(msg.result.data);
      entry.resolve(
        checked.success
          ? { ok: true, data: checked.data }
          : { ok: false, error: { code: 'invalid-response', message: `${entry.channel}: ${checked.error.message}` } },
      );
    };
    const refused = () => {
      closed = true;
      clearTimeout(timer);
      failPending('unauthorized', 'The session token was refused.');
      options.onUnauthorized?.();
    };
    socket.onclose = (event) => {
      if (closed) return;
      if (event.code === WS_CLOSE_UNAUTHORIZED) return refused();
      if (options.checkSession) {
        void options.checkSession().then((verdict) => {
          if (verdict === 'unauthorized' && !closed) refused();
        });
      }
      failPending('transport-lost', 'Lost the connection to slotline serve.');
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt++);
      lost = true;
      dispatch('connection:state', {
        state: 'reconnecting',
        retryAt: now() + delay,
        error: { code: 'transport-lost', message: 'Lost the connection to slotline serve; reconnecting.' },
      });
      timer = setTimeout(connect, delay);
    };
  };

  const bridge: SlotlineBridge & { close(): void } = {
    invoke(channel, request) {
      const id = nextId++;
      const text = JSON.stringify({ type: 'invoke', id, channel, request });
      return new Promise((resolve) => {
        if (closed) return resolve({ ok: false, error: { code: 'closed', message: 'The bridge is closed.' } });
        pending.set(id, { channel, resolve: resolve as (r: IpcResult<unknown>) => void });
        if (socket.readyState === WebSocketImpl.OPEN) socket.send(text);
        else outbox.push(text);
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener as Listener);
      listeners.set(event, set);
      return () => set.delete(listener as Listener);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      failPending('closed', 'The bridge is closed.');
      socket.close();
    },
  };
  connect();
  return bridge;
}
