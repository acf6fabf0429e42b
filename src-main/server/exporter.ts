import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { toWireError } from '../../shared/errors';
import { AppContext, type AppContextOptions } from '../app/app-context';
import { readAppVersion } from '../app/app-version';
import { createLogger } from '../log/create-logger';
import { attachMetrics } from '../metrics/attach-metrics';
import { closeContextWithin } from './close-context';
import { baseUrl, checkBindHost, listen } from './listen';
import {
  answerClientError,
  hostProblem,
  parseRequestTarget,
  rawResponse,
  refuseConnect,
  refuseExpectation,
  SERVER_OPTIONS,
} from './malformed-request';
import { checkRequestOrigin } from './request-guard';

const log = createLogger('exporter');

export interface ExporterOptions {
  /** Default 9464; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Allow a non-loopback host: /metrics has no token. Default false. */
  allowRemote?: boolean;
  settings: ConnectionSettings;
  contextOptions?: Partial<AppContextOptions>;
}

export interface ExporterHandle {
  /** `http://host:port/metrics` */
  url: string;
  port: number;
  context: AppContext;
  stop(): Promise<void>;
}

/**
 * A Prometheus exporter: the same monitor and sampler as the console, read-only, with one route,
 * `GET /metrics`, and no token (so it listens on loopback only unless told otherwise).
 */
export async function startExporter(options: ExporterOptions): Promise<ExporterHandle> {
  const host = options.host ?? '127.0.0.1';
  const allowRemote = options.allowRemote ?? false;
  checkBindHost(host, allowRemote, 'slotline exporter', '/metrics has no token: anyone who can reach it can read it');
  const context = await AppContext.create({
    appVersion: readAppVersion(),
    ...options.contextOptions,
    transport: 'web',
    readOnly: true,
    evaluateAlerts: false,
  });
  const { metrics, detach } = attachMetrics(context);
  const answer = (res: http.ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end(`${text}\n`);
  };
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const target = parseRequestTarget(req.url);
    if (!target) return answer(res, 400, 'the request target is not a valid URL path');
    const noHost = hostProblem(req);
    if (noHost) return answer(res, 400, noHost);
    // /metrics has no token, so the Host check is what keeps a DNS-rebinding page from reading it.
    const verdict = checkRequestOrigin(req.headers, { allowRemote });
    if (!verdict.ok) {
      log.warn(`refused ${req.method} ${target.pathname}: ${verdict.reason}`);
      return answer(res, 403, 'this request comes from another site');
    }
    if (target.pathname !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD'))
      return answer(res, 404, 'only GET /metrics here');
    metrics.render().then(
      (text) => {
        res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
        res.end(text);
      },
      (e: unknown) => {
        log.error(`scrape failed: ${context.redact(toWireError(e).message)}`);
        if (!res.headersSent) answer(res, 500, 'scrape failed');
      },
    );
  };
  const server = http.createServer(SERVER_OPTIONS, (req, res) => {
    try {
      onRequest(req, res);
    } catch (e) {
      log.error(`request ${req.method} failed: ${context.redact(toWireError(e).message)}`);
      if (!res.headersSent) answer(res, 500, 'internal error');
      else res.destroy();
    }
  });
  server.on('clientError', answerClientError);
  server.on('connect', refuseConnect);
  server.on('checkExpectation', refuseExpectation);
  // The exporter speaks no WebSocket: an upgrade gets a plain refusal rather than a hanging socket.
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    if (!parseRequestTarget(req.url))
      return socket.end(rawResponse(400, 'Bad Request', 'the request target is not a valid URL path'));
    socket.end(rawResponse(404, 'Not Found', 'only GET /metrics here'));
  });
  let port: number;
  try {
    port = await listen(server, options.port ?? 9464, host);
  } catch (e) {
    detach();
    await context.close();
    throw e;
  }
  // Unlike serve, the exporter is useless without Redis: a failed first connect is fatal.
  try {
    await context.connect(options.settings);
  } catch (e) {
    server.close();
    detach();
    await context.close();
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: `${baseUrl(host, port)}/metrics`,
    port,
    context,
    stop() {
      stopping ??= (async () => {
        detach();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await closeContextWithin(context);
      })();
      return stopping;
    },
  };
}
