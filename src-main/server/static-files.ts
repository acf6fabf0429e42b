import fs from 'node:fs';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { contentSecurityPolicy } from '../../shared/csp';
import { ServeError } from './serve-error';
import { resolveInside } from '../lib/path-inside';

/**
 * The policy serve sends with every page: the console's one policy (shared/csp.ts), as a header so
 * it also carries `frame-ancestors`. Its `connect-src 'self'` covers the same-origin event socket.
 */
const WEB_CSP = contentSecurityPolicy({ delivery: 'header' });

/** Headers on every static response (and on its 404s). */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': WEB_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** Fails with a clear message when the renderer has not been built into `root`. */
export function assertWebBuild(root: string): void {
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new ServeError(
      'missing-web-build',
      `the console is not built: ${path.join(root, 'index.html')} is missing; run npm run build:web`,
    );
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Resolves a URL path to a file inside `root`, or undefined: no `..`, no NUL, no symlink that
 * leads out of the root.
 */
async function fileInside(root: string, urlPath: string): Promise<string | undefined> {
  const where = resolveInside(root, urlPath);
  if (!where.ok) return undefined;
  const file = where.filePath;
  const base = path.resolve(root);
  try {
    const real = await fs.promises.realpath(file);
    const realBase = await fs.promises.realpath(base);
    return real.startsWith(realBase + path.sep) ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends a file of the built renderer. Paths resolve inside `root` only; unknown paths get 404.
 * `/` is index.html, never cached.
 *
 * The file is opened once and everything comes from that descriptor: its size (Content-Length)
 * from fstat, its bytes from a stream on it, joined by `stream.pipeline`. So a file removed or
 * replaced mid-request, as `npm run build:web` (emptyOutDir) does, yields the whole old file,
 * the whole new one, or a 404, and a read error ends only that response. Libraries were tried
 * and refused for this: sirv 3.0.2 pipes its read stream with no error listener (the crash this
 * replaces), and send 1.2 stats by path and then opens by path, so a replacement in between
 * sends the new bytes under the old length (a truncated, hanging or mixed response).
 */
export async function sendStatic(
  root: string,
  urlPath: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const real = await fileInside(root, urlPath);
  if (real === undefined) return notFound(res);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(real, 'r');
  } catch {
    return notFound(res); // gone since realpath
  }
  let streaming = false;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return notFound(res);
    const isIndex = path.basename(real) === 'index.html';
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': isIndex ? 'no-store' : 'public, max-age=3600',
      ...SECURITY_HEADERS,
    });
    if (req.method === 'HEAD' || stat.size === 0) return void res.end();
    // From here the stream owns the descriptor (autoClose); pipeline destroys both on an error.
    streaming = true;
    await pipeline(handle.createReadStream({ start: 0, end: stat.size - 1 }), res).catch(() => res.destroy());
  } catch {
    if (!res.headersSent) notFound(res, 500);
    else res.destroy();
  } finally {
    if (!streaming) await handle.close().catch(() => undefined);
  }
}

function notFound(res: ServerResponse, status = 404): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end(status === 404 ? 'not found\n' : `${(STATUS_CODES[status] ?? 'error').toLowerCase()}\n`);
}
