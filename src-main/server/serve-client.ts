import WebSocket from 'ws';
import type { EventName, IpcResult } from '../../shared/ipc/contract';
import { WEB_PATHS, WsServerMessageSchema } from '../../shared/ipc/web-protocol';

export interface ReceivedEvent {
  event: string;
  payload: unknown;
  receivedAt: number;
}

/**
 * A Node client of `slotline serve`'s WebSocket, for tests and scripts: invoke by id, and every
 * pushed event kept in order. Requests and events are not validated here (tests check them).
 */
export class ServeClient {
  readonly events: ReceivedEvent[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, (r: IpcResult<unknown>) => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return;
      }
      const msg = WsServerMessageSchema.safeParse(parsed);
      if (!msg.success) return;
      if (msg.data.type === 'event')
        this.events.push({ event: msg.data.event, payload: msg.data.payload, receivedAt: Date.now() });
      else {
        this.pending.get(msg.data.id)?.(msg.data.result as IpcResult<unknown>);
        this.pending.delete(msg.data.id);
      }
    });
    socket.on('close', () => {
      for (const resolve of this.pending.values())
        resolve({ ok: false, error: { code: 'closed', message: 'socket closed' } });
      this.pending.clear();
    });
  }

  /** Opens `ws://…/api/ws?token=…` and resolves once open. */
  static connect(baseUrl: string, token: string, options: { origin?: string } = {}): Promise<ServeClient> {
    const url = `${baseUrl.replace(/^http/, 'ws')}${WEB_PATHS.ws}?token=${encodeURIComponent(token)}`;
    const socket = new WebSocket(url, options.origin ? { origin: options.origin } : {});
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ServeClient(socket)));
      socket.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused with HTTP ${res.statusCode}`), { statusCode: res.statusCode }));
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  /** Sends an invoke and resolves with its result (a 10 s deadline). */
  invoke<T = unknown>(channel: string, request: unknown, timeoutMs = 10_000): Promise<IpcResult<T>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no result for ${channel} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r as IpcResult<T>);
      });
      this.socket.send(JSON.stringify({ type: 'invoke', id, channel, request }));
    });
  }

  /** Sends a raw frame (junk, for fuzzing). */
  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** Waits for the first event (already received or future) matching `match`, bounded by `timeoutMs`. */
  async waitForEvent<T = unknown>(event: EventName, match: (payload: T) => boolean, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.event === event && match(e.payload as T));
      if (found) return found.payload as T;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for a ${event} event`);
      if (this.socket.readyState !== WebSocket.OPEN)
        throw new Error(`socket closed while waiting for a ${event} event`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  close(): void {
    this.socket.close();
  }
}
