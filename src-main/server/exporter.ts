import http from 'node:http';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';
import { toWireError } from '../../shared/errors';
import { AppContext, type AppContextOptions } from '../app/app-context';
import { readAppVersion } from '../app/app-version';
import { createLogger } from '../log/create-logger';
import { attachMetrics } from '../metrics/attach-metrics';
import { baseUrl, checkBindHost, listen } from './listen';

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
  checkBindHost(
    host,
    options.allowRemote ?? false,
    'slotline exporter',
    '/metrics has no token: anyone who can reach it can read it',
  );
  const context = await AppContext.create({
    appVersion: readAppVersion(),
    ...options.contextOptions,
    transport: 'web',
    readOnly: true,
  });
  const { metrics, detach } = attachMetrics(context);
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://local').pathname;
    if (p !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('only GET /metrics here\n');
      return;
    }
    metrics.render().then(
      (text) => {
        res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
        res.end(text);
      },
      (e: unknown) => {
        log.error(`scrape failed: ${context.redact(toWireError(e).message)}`);
        res.writeHead(500).end();
      },
    );
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
        await context.close();
      })();
      return stopping;
    },
  };
}
