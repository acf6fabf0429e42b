import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { ServeError } from './serve-error';

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

/** The same policy as the page's own meta tag, sent as a header too (it also covers frame-ancestors). */
export const WEB_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Fails with a clear message when the renderer has not been built into `root`. */
export function assertWebBuild(root: string): void {
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    throw new ServeError(
      'missing-web-build',
      `the console is not built: ${path.join(root, 'index.html')} is missing; run npm run build:web`,
    );
  }
}

/**
 * Sends a file of the built renderer. Paths are resolved inside `root` only (no `..`, no
 * symlink escapes); unknown paths get 404. `/` is index.html, never cached.
 */
export async function sendStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return notFound(res);
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, '.' + path.posix.normalize(rel));
  if (rel.includes('\0') || (file !== base && !file.startsWith(base + path.sep))) return notFound(res);
  let real: string;
  try {
    real = await fs.promises.realpath(file);
    const realBase = await fs.promises.realpath(base);
    if (!real.startsWith(realBase + path.sep)) return notFound(res);
    if (!(await fs.promises.stat(real)).isFile()) return notFound(res);
  } catch {
    return notFound(res);
  }
  const isIndex = path.basename(real) === 'index.html';
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': isIndex ? 'no-store' : 'public, max-age=3600',
    'Content-Security-Policy': WEB_CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  });
  fs.createReadStream(real).pipe(res);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end('not found\n');
}
