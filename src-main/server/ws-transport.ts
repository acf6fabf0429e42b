import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { WsClientMessageSchema, type WsServerMessage } from '../../shared/ipc/web-protocol';
import type { EventBus } from '../app/event-bus';
import type { Dispatch } from '../ipc/dispatch';
import { createLogger } from '../log/create-logger';

const log = createLogger('serve-ws');

/** Largest frame accepted; the biggest legitimate request (10 000 ids) is far below. */
const MAX_FRAME_BYTES = 1 << 20;
/** Requests one socket may have in flight; more are answered `busy`. */
const MAX_IN_FLIGHT = 64;
/** Events are skipped for a socket whose send buffer holds more than this (a stalled tab). */
const MAX_BUFFERED_BYTES = 4 << 20;
const PING_INTERVAL_MS = 30_000;

/**
 * The WebSocket side of `slotline serve`: `invoke` messages go to dispatch and come back as
 * `result`, and every bus event is pushed as `event`. Junk frames are dropped; the socket stays.
 */
export class WsTransport {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly alive = new WeakSet<WebSocket>();
  private readonly offBus: () => void;
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly dispatch: Dispatch,
    bus: EventBus,
  ) {
    this.wss.on('connection', (ws) => this.accept(ws));
    this.offBus = bus.subscribe((event, payload) => this.broadcast({ type: 'event', event, payload }));
    this.pinger = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (!this.alive.has(ws)) {
          ws.terminate();
          continue;
        }
        this.alive.delete(ws);
        ws.ping();
      }
    }, PING_INTERVAL_MS);
    this.pinger.unref();
  }

  /** Completes an upgrade the caller has already authorised. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  get clientCount(): number {
    return this.wss.clients.size;
  }

  /** Closes every socket (1001 going away) and stops pushing events. */
  async close(): Promise<void> {
    this.offBus();
    clearInterval(this.pinger);
    for (const ws of this.wss.clients) ws.close(1001, 'server stopping');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const ws of this.wss.clients) ws.terminate();
  }

  private accept(ws: WebSocket): void {
    this.alive.add(ws);
    let inFlight = 0;
    ws.on('pong', () => this.alive.add(ws));
    ws.on('error', (e) => log.debug(`socket error: ${e.message}`));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        log.debug('dropped a frame that is not JSON');
        return;
      }
      const msg = WsClientMessageSchema.safeParse(parsed);
      if (!msg.success) {
        const id = (parsed as { id?: unknown } | null)?.id;
        if (Number.isSafeInteger(id) && (id as number) >= 0) {
          this.send(ws, {
            type: 'result',
            id: id as number,
            result: {
              ok: false,
              error: {
                code: 'invalid-request',
                message: 'expected {"type":"invoke","id":<n>,"channel":"domain:verb","request":{…}}',
              },
            },
          });
        }
        return;
      }
      const { id, channel, request } = msg.data;
      if (inFlight >= MAX_IN_FLIGHT) {
        this.send(ws, {
          type: 'result',
          id,
          result: {
            ok: false,
            error: { code: 'busy', message: `more than ${MAX_IN_FLIGHT} requests in flight on this socket` },
          },
        });
        return;
      }
      inFlight++;
      void this.dispatch(channel, request)
        .then((result) => this.send(ws, { type: 'result', id, result }))
        .finally(() => inFlight--);
    });
  }

  private send(ws: WebSocket, msg: WsServerMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  }

  private broadcast(msg: WsServerMessage): void {
    if (this.wss.clients.size === 0) return;
    const text = JSON.stringify(msg);
    for (const ws of this.wss.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
      ws.send(text);
    }
  }
}
