import type { CustomScheme } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { appContentSecurityPolicy } from './csp';
import { resolveInside } from '../lib/path-inside';

/**
 * The packaged window loads `app://slotline/index.html` instead of a `file://` page (Electron's
 * security checklist, item 18). A page served by our own handler gets our response headers, so
 * the strict Content-Security-Policy header applies to it (a `file://` page gets no headers, and
 * `'self'` on `file:` is loosely defined). Everything here runs without Electron: main.ts only
 * registers the scheme and hands {@link createAppProtocolHandler}'s function to `protocol.handle`.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'slotline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * Passed to `protocol.registerSchemesAsPrivileged` before the app is ready.
 * - `standard`: a real origin, relative URLs and web storage, like https.
 * - `secure`: a secure context, as the page had under `file://`.
 * - `supportFetchAPI`: the page may fetch its own files.
 * - No `corsEnabled`: that privilege lets pages of other origins read our responses. Same-origin
 *   module scripts load without it on a standard scheme.
 * - No `bypassCSP`, service workers, or streaming.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

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
};

/** Where a request for the app scheme goes: a file under the renderer folder, or a refusal. */
export type AppPathResolution = { ok: true; filePath: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps `app://slotline/<path>` to a file under `rootDir` (the built renderer). `/` is index.html.
 * Refused: another scheme or host (403), a path that is not valid percent-encoding or holds a NUL
 * or a backslash (400), and any path that would leave `rootDir` once decoded and normalised, such
 * as `/../main/index.js` or `/%2e%2e/` (403). Source maps are not served (404).
 */
export function resolveAppPath(requestUrl: string, rootDir: string): AppPathResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: `not a URL: ${JSON.stringify(requestUrl)}` };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { ok: false, status: 403, reason: `expected ${APP_ORIGIN}/…, got ${url.origin}` };
  }
  const where = resolveInside(rootDir, url.pathname);
  if (!where.ok) {
    const reason =
      where.reason === 'bad-encoding'
        ? `malformed percent-encoding in ${JSON.stringify(url.pathname)}`
        : where.reason === 'bad-character'
          ? `NUL or backslash in ${JSON.stringify(url.pathname)}`
          : `${JSON.stringify(url.pathname)} is outside the app folder`;
    return { ok: false, status: where.status, reason };
  }
  const filePath = where.filePath;
  if (filePath.endsWith('.map')) return { ok: false, status: 404, reason: 'source maps are not served' };
  return { ok: true, filePath };
}

/** The headers of a file the handler serves: its type, and the app's one strict policy. */
export function appResponseHeaders(filePath: string): Record<string, string> {
  return {
    'Content-Type': TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream',
    'Content-Security-Policy': appContentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

/** Headers of a refusal: plain text, and the same policy, so even an error page runs nothing. */
function errorResponse(status: number, text: string): Response {
  return new Response(`${text}\n`, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': appContentSecurityPolicy(),
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export interface AppProtocolHandlerOptions {
  /** The built renderer folder (`out/renderer`, inside app.asar when packaged). */
  rootDir: string;
  /** Reads a file; defaults to fs (Electron's fs reads inside app.asar). */
  readFile?: (filePath: string) => Promise<Uint8Array>;
  /** Told about refused requests (they mean a bug or an attack: the page asks only for its own files). */
  onRefused?: (url: string, status: number, reason: string) => void;
}

/**
 * The `protocol.handle('app', …)` function: GET and HEAD of files under `rootDir`, with
 * {@link appResponseHeaders}. Everything else gets 400/403/404/405 as plain text; it never throws.
 */
export function createAppProtocolHandler(options: AppProtocolHandlerOptions): (request: Request) => Promise<Response> {
  const readFile = options.readFile ?? ((p: string) => fs.promises.readFile(p));
  const refuse = (url: string, status: number, reason: string): Response => {
    options.onRefused?.(url, status, reason);
    return errorResponse(status, status === 404 ? 'not found' : reason);
  };
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuse(request.url, 405, `method ${request.method} is not allowed; expected GET or HEAD`);
    }
    const where = resolveAppPath(request.url, options.rootDir);
    if (!where.ok) return refuse(request.url, where.status, where.reason);
    let body: Uint8Array;
    try {
      body = await readFile(where.filePath);
    } catch {
      // Missing, a directory, or unreadable: the page only ever asks for files of its own build.
      return refuse(request.url, 404, `no file at ${where.filePath}`);
    }
    return new Response(request.method === 'HEAD' ? null : new Blob([body]), {
      status: 200,
      headers: appResponseHeaders(where.filePath),
    });
  };
}
