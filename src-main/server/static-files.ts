import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import send from 'send';
import { ServeError } from './serve-error';

/**
 * The policy serve sends with every page. `connect-src 'self'` alone: CSP3 `'self'` also matches
 * the same-origin `ws:` URL of the event socket, so no `ws:`/`wss:` wildcard (which would allow a
 * WebSocket to any host) is needed. `form-action 'none'`: the console submits no forms.
 */
export const WEB_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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

/**
 * Resolves a URL path to a file inside `root`, or undefined: no `..`, no NUL, no symlink that
 * leads out of the root, only regular files. `send` refuses `..` itself but follows symlinks.
 */
async function fileInside(root: string, urlPath: string): Promise<string | undefined> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (rel.includes('\0')) return undefined;
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, '.' + path.posix.normalize(rel));
  if (file !== base && !file.startsWith(base + path.sep)) return undefined;
  try {
    const real = await fs.promises.realpath(file);
    const realBase = await fs.promises.realpath(base);
    if (!real.startsWith(realBase + path.sep)) return undefined;
    if (!(await fs.promises.stat(real)).isFile()) return undefined;
    return path.relative(realBase, real);
  } catch {
    return undefined;
  }
}

/**
 * Sends a file of the built renderer through `send` (ranges, ETag, conditional GET, and an error
 * listener on the read stream: a file removed or replaced mid-request, as `npm run build:web`
 * does, ends that response with a 404 or a closed socket, never the process). Paths resolve
 * inside `root` only; unknown paths get 404. `/` is index.html, never cached.
 */
export async function sendStatic(
  root: string,
  urlPath: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const rel = await fileInside(root, urlPath);
  if (rel === undefined) return notFound(res);
  const encoded = '/' + rel.split(path.sep).map(encodeURIComponent).join('/');
  await new Promise<void>((resolve) => {
    const stream = send(req, encoded, {
      root: fs.realpathSync(path.resolve(root)),
      index: false,
      dotfiles: 'ignore',
      cacheControl: false,
    });
    stream.on('headers', (r: ServerResponse, file: string) => {
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) r.setHeader(k, v);
      r.setHeader('Cache-Control', path.basename(file) === 'index.html' ? 'no-store' : 'public, max-age=3600');
    });
    stream.on('error', (e: { status?: number }) => {
      // The file went away between our check and send's open or read.
      if (!res.headersSent) notFound(res, e.status === 404 ? 404 : 500);
      else res.destroy();
      resolve();
    });
    stream.on('end', () => resolve());
    res.on('close', () => resolve());
    stream.pipe(res);
  });
}

function notFound(res: ServerResponse, status: 404 | 500 = 404): void {
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end(status === 404 ? 'not found\n' : 'could not read the file\n');
}
