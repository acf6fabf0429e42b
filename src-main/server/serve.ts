import { createHash } from 'node:crypto';
import { cliActor } from '../app/audit-log';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WEB_PATHS } from '../../shared/ipc/web-protocol';
import { toWireError } from '../../shared/errors';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import type { AutoRebalanceSettings } from '../../shared/settings/auto-rebalance';
import { AppContext, type AppContextOptions } from '../app/app-context';
import { readAppVersion } from '../app/app-version';
import { contextDispatch } from '../ipc/context-dispatch';
import type { Dispatch } from '../ipc/dispatch';
import { createLogger } from '../log/create-logger';
import { attachMetrics } from '../metrics/attach-metrics';
import type { SlotlineMetrics } from '../metrics/slotline-metrics';
import { baseUrl, checkBindHost, listen } from './listen';
import { bearerToken, checkRequestOrigin, newToken, tokenMatches } from './request-guard';
import { closeContextWithin } from './close-context';
import {
  answerClientError,
  hostProblem,
  parseRequestTarget,
  rawResponse,
  refuseConnect,
  refuseExpectation,
  SERVER_OPTIONS,
  websocketHandshakeProblem,
} from './malformed-request';
import { assertWebBuild, sendStatic } from './static-files';
import { WsTransport } from './ws-transport';

const log = createLogger('serve');

/** Largest JSON body of `/api/invoke/<channel>`. */
const MAX_BODY_BYTES = 1 << 20;

/** The default folder of the built renderer: `out/web` at the repository root. */
export function defaultWebRoot(): string {
  return process.env.SLOTLINE_WEB_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/web');
}

export interface ServeOptions {
  /** Default 7340; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Anything not loopback needs `allowRemote`. */
  host?: string;
  /** Refuse every mutating channel. Default false. */
  readOnly?: boolean;
  /** Allow a non-loopback host (and Host headers). Default false. */
  allowRemote?: boolean;
  /** The built renderer. Default `defaultWebRoot()`. */
  webRoot?: string;
  /** Connect with these at start (a failure is logged and shown in the console, not fatal). */
  settings?: ConnectionSettings;
  /** The automatic queue rebalance for that connection. Default off. */
  autoRebalance?: AutoRebalanceSettings;
  /** Use this context instead of creating one; `stop()` then leaves it open. */
  context?: AppContext;
  /** Options of the context created when none is given (dataDir, monitor and sampler tuning, …). */
  contextOptions?: Partial<AppContextOptions>;
  /** Default: 32 random bytes. */
  token?: string;
}

export interface ServeHandle {
  /** `http://host:port/#token=…`: open it in a browser. */
  url: string;
  /** `http://host:port` */
  baseUrl: string;
  token: string;
  host: string;
  port: number;
  context: AppContext;
  metrics: SlotlineMetrics;
  /** Closes sockets and the server; closes the context if serve created it. */
  stop(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

function refuse(res: ServerResponse, status: 400 | 401 | 403 | 404 | 405 | 413, code: string, message: string): void {
  const headers: Record<string, string> = {};
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(JSON.stringify({ ok: false, error: { code, message } }));
}

function rejectUpgrade(socket: Duplex, status: number, reason: string, text = reason): void {
  socket.end(rawResponse(status, reason, text));
}

/** The body, or why there is none: over the limit, or the client stopped sending mid-body. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | 'truncated'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve('too-large');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve('truncated'));
  });
}

/**
 * The audit log's name for callers of this serve: its session (a fingerprint of the token, never
 * the token) and the OS user who started it.
 */
export function serveActor(token: string): string {
  const session = createHash('sha256').update(token).digest('hex').slice(0, 8);
  return `serve:${session} (${cliActor().slice('cli:'.length)})`;
}

/**
 * Starts the console as a loopback web app: the built renderer, the invoke API, the event
 * WebSocket and `/metrics`, all but the static files behind the session token and an Origin check.
 */
export async function startServe(options: ServeOptions = {}): Promise<ServeHandle> {
  const host = options.host ?? '127.0.0.1';
  const allowRemote = options.allowRemote ?? false;
  checkBindHost(host, allowRemote, 'slotline serve');
  const webRoot = options.webRoot ?? defaultWebRoot();
  assertWebBuild(webRoot);
  const token = options.token ?? newToken();

  const ownsContext = !options.context;
  const context =
    options.context ??
    (await AppContext.create({
      appVersion: readAppVersion(),
      ...options.contextOptions,
      transport: 'web',
      readOnly: options.readOnly ?? false,
    }));
  const dispatch: Dispatch = contextDispatch(context, serveActor(token));
  const { metrics, detach } = attachMetrics(context);
  const ws = new WsTransport(dispatch, context.bus);

  const authorised = (req: IncomingMessage, res: ServerResponse): boolean => {
    const verdict = checkRequestOrigin(req.headers, { allowRemote });
    if (!verdict.ok) {
      log.warn(`refused ${req.method} ${req.url?.split('?')[0]}: ${verdict.reason}`);
      refuse(res, 403, 'forbidden-origin', 'this request comes from another site');
      return false;
    }
    if (!tokenMatches(bearerToken(req.headers), token)) {
      refuse(res, 401, 'unauthorized', 'missing or wrong session token');
      return false;
    }
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = parseRequestTarget(req.url);
    if (!url) return refuse(res, 400, 'bad-request', 'the request target is not a valid URL path');
    const noHost = hostProblem(req);
    if (noHost) return refuse(res, 400, 'bad-request', noHost);
    const p = url.pathname;
    if (p === WEB_PATHS.session) {
      if (!authorised(req, res)) return;
      return sendJson(res, 200, { ok: true });
    }
    if (p === WEB_PATHS.metrics) {
      if (!authorised(req, res)) return;
      const text = await metrics.render();
      res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
      res.end(text);
      return;
    }
    if (p.startsWith(WEB_PATHS.invoke)) {
      if (!authorised(req, res)) return;
      if (req.method !== 'POST') return refuse(res, 405, 'method-not-allowed', 'use POST with a JSON body');
      const channel = decodeURIComponentSafe(p.slice(WEB_PATHS.invoke.length));
      // Refuse a declared oversized body before reading a byte of it.
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES)
        return refuse(res, 413, 'too-large', `the request body is over ${MAX_BODY_BYTES} bytes`);
      const body = await readBody(req);
      if (body === 'too-large')
        return refuse(res, 413, 'too-large', `the request body is over ${MAX_BODY_BYTES} bytes`);
      if (body === 'truncated') return refuse(res, 400, 'bad-request', 'the request body ended early');
      let request: unknown = {};
      if (body.length > 0) {
        try {
          request = JSON.parse(body.toString('utf8'));
        } catch {
          return sendJson(res, 400, { ok: false, error: { code: 'invalid-request', message: 'the body is not JSON' } });
        }
      }
      const result = await dispatch(channel, request);
      // A request the contract refuses (unknown channel, payload outside the schema) is the
      // client's error: 400, with the same `{ ok: false, error }` body the WebSocket gets.
      return sendJson(res, !result.ok && result.error.code === 'invalid-request' ? 400 : 200, result);
    }
    if (p.startsWith('/api/')) {
      if (!authorised(req, res)) return;
      return refuse(res, 404, 'not-found', `no API ${p}`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, 'method-not-allowed', 'static files are GET only');
    return sendStatic(webRoot, p, req, res);
  };

  const server = http.createServer(SERVER_OPTIONS, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.error(`request ${req.method} ${req.url?.split('?')[0]} failed: ${context.redact(toWireError(e).message)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'internal error' } });
      else res.destroy();
    });
  });
  server.on('clientError', answerClientError);
  server.on('connect', refuseConnect);
  server.on('checkExpectation', refuseExpectation);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch (e) {
      // A synchronous listener: anything thrown here would otherwise be uncaught.
      log.warn(`refused a WebSocket upgrade: ${context.redact(toWireError(e).message)}`);
      rejectUpgrade(socket, 400, 'Bad Request', 'not a valid WebSocket upgrade');
    }
  });
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = parseRequestTarget(req.url);
    if (!url) return rejectUpgrade(socket, 400, 'Bad Request', 'the request target is not a valid URL path');
    if (url.pathname !== WEB_PATHS.ws) return rejectUpgrade(socket, 404, 'Not Found');
    const verdict = checkRequestOrigin(req.headers, { allowRemote });
    if (!verdict.ok) {
      log.warn(`refused a WebSocket: ${verdict.reason}`);
      return rejectUpgrade(socket, 403, 'Forbidden');
    }
    if (!tokenMatches(url.searchParams.get('token'), token)) return rejectUpgrade(socket, 401, 'Unauthorized');
    const bad = websocketHandshakeProblem(req);
    if (bad) return rejectUpgrade(socket, bad.status, bad.reason, bad.text);
    ws.upgrade(req, socket, head);
  };
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  let port: number;
  try {
    port = await listen(server, options.port ?? 7340, host);
  } catch (e) {
    await ws.close();
    detach();
    if (ownsContext) await context.close();
    throw e;
  }
  const base = baseUrl(host, port);

  if (options.settings) {
    await context.connect(options.settings, undefined, { autoRebalance: options.autoRebalance }).catch((e: unknown) => {
      log.warn(`could not connect at start: ${context.redact(toWireError(e).message)} (connect from the console)`);
    });
  }

  let stopping: Promise<void> | undefined;
  return {
    url: `${base}/#token=${token}`,
    baseUrl: base,
    token,
    host,
    port,
    context,
    metrics,
    stop() {
      stopping ??= (async () => {
        await ws.close();
        detach();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        if (ownsContext) await closeContextWithin(context);
      })();
      return stopping;
    },
  };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
