import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from '../../shared/csp.ts';

/**
 * Writes the console's Content-Security-Policy (shared/csp.ts) into the renderer's index.html, so
 * the page carries no hand-written policy of its own. Used by both renderer builds:
 *
 * - `built: 'header'` (the Electron renderer): a build gets no meta tag; the `app://` protocol
 *   handler sends the policy as a header with every file, and that is the one policy in force.
 * - `built: 'meta'` (the web build `slotline serve` serves): a build gets the policy as a meta tag,
 *   so the page is covered even where a proxy drops serve's header.
 *
 * The dev server (`vite` / `electron-vite dev`) always gets a meta tag with the same policy plus
 * the sha256 hash of each inline script in the final page. The only inline script is React's
 * refresh preamble, which @vitejs/plugin-react injects in dev only; `script-src 'self'` alone
 * blocks it and React never mounts. A hash, not `'unsafe-inline'`, so even the dev page runs no
 * other inline script. Builds never get a hash.
 */
export interface CspHtmlPluginOptions {
  /** How a production build carries the policy: `'header'` (no meta tag) or `'meta'`. */
  built: 'header' | 'meta';
}

const CSP_META = /<meta\s+http-equiv=["']content-security-policy["'][^>]*>\s*/gi;
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

/** Removes every CSP meta tag from a page. */
export function stripCspMeta(html: string): string {
  return html.replace(CSP_META, '');
}

/**
 * Replaces any CSP meta tag with one carrying `policy`, as the first element of `<head>`. A meta
 * policy governs only what comes after it, and in dev Vite puts the React preamble and its client
 * at the very top of `<head>`: placed any later, the policy would not cover them.
 */
export function withCspMeta(html: string, policy: string): string {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}" />`;
  const clean = stripCspMeta(html);
  const head = /<head(\s[^>]*)?>/i.exec(clean);
  if (!head) throw new Error('index.html has no <head>: expected one, to place the CSP meta tag in it');
  const at = head.index + head[0].length;
  return `${clean.slice(0, at)}\n    ${tag}${clean.slice(at)}`;
}

/** `'sha256-…'` of the text of every inline `<script>` (one without `src`) in a page, in order. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)]
    .map((m) => m[1] ?? '')
    .filter((body) => body.trim() !== '')
    .map((body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
}

/** The index.html transform for a build (`command: 'build'`) or the dev server (`'serve'`). */
export function transformCspHtml(html: string, command: 'build' | 'serve', options: CspHtmlPluginOptions): string {
  if (command === 'serve') {
    return withCspMeta(
      html,
      contentSecurityPolicy({ delivery: 'meta', extraScriptSrc: [...new Set(inlineScriptHashes(html))] }),
    );
  }
  return options.built === 'header'
    ? stripCspMeta(html)
    : withCspMeta(html, contentSecurityPolicy({ delivery: 'meta' }));
}

/** The Vite plugin; see {@link CspHtmlPluginOptions}. Runs last, after the preamble is injected. */
export function cspHtmlPlugin(options: CspHtmlPluginOptions): Plugin {
  let command: 'build' | 'serve' = 'build';
  return {
    name: 'slotline-csp-html',
    configResolved(config) {
      command = config.command;
    },
    transformIndexHtml: {
      order: 'post',
      handler: (html) => transformCspHtml(html, command, options),
    },
  };
}
