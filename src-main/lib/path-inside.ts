import path from 'node:path';

/** Where a URL path leads inside a folder: a file, or why it is refused. */
export type InsideResolution =
  | { ok: true; filePath: string }
  | { ok: false; status: 400 | 403; reason: 'bad-encoding' | 'bad-character' | 'outside' };

/**
 * The one check shared by the desktop app's `app://` handler and `slotline serve`'s static
 * files: decodes a URL path, refuses malformed percent-encoding, NUL and backslash, and any path
 * that would leave `root` once decoded and normalised (`/../x`, `/%2e%2e/x`, `..%2f`). `/` maps
 * to `/index.html`. It does not touch the disk: callers that follow symlinks check the real path
 * too.
 */
export function resolveInside(root: string, urlPath: string): InsideResolution {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400, reason: 'bad-encoding' };
  }
  if (rel.includes('\0') || rel.includes('\\')) return { ok: false, status: 400, reason: 'bad-character' };
  // The URL parser folds literal `..` segments before we see them, but not encoded slashes
  // (`..%2f`): a `..` left after decoding is an attempt to climb out, never a request of the page.
  if (rel.split('/').includes('..')) return { ok: false, status: 403, reason: 'outside' };
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const filePath = path.resolve(base, '.' + path.posix.normalize(rel));
  const inside = path.relative(base, filePath);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
    return { ok: false, status: 403, reason: 'outside' };
  }
  return { ok: true, filePath };
}
