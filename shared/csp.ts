/**
 * The console's Content-Security-Policy, in one place. The desktop window (sent as a header by the
 * `app://` protocol handler), `slotline serve`'s header and the web build's meta tag are all built
 * here, so they cannot drift apart.
 *
 * - Scripts only from the app itself: no inline script, no eval.
 * - Inline styles are allowed: the charts set style attributes.
 * - `connect-src 'self'`: the desktop window talks to main over IPC, and serve's page opens its
 *   WebSocket to its own origin, which CSP3's `'self'` covers (`ws:` to the same host and port).
 *   No `ws:`/`wss:` wildcard, so an injected script has no channel out.
 * - No frames, no forms, no plugins, no `<base>`.
 */

/** A policy as directive name → sources, in the order it is written out. */
export type CspDirectives = Record<string, string[]>;

/** How the policy reaches the page; a meta tag cannot carry some directives. */
export type CspDelivery = 'header' | 'meta';

/** Directives a browser ignores (with a console warning) when they come in a `<meta>` tag. */
export const META_IGNORED_DIRECTIVES: readonly string[] = ['frame-ancestors', 'report-uri', 'sandbox'];

export interface CspOptions {
  /**
   * `'header'` (default) or `'meta'`. For a meta tag the directives in {@link META_IGNORED_DIRECTIVES}
   * are left out; serve and the protocol handler send them as a header.
   */
  delivery?: CspDelivery;
  /**
   * Extra `script-src` sources, for the dev server only (the hash of React's refresh preamble).
   * Never passed for a build: the built policy is `script-src 'self'`.
   */
  extraScriptSrc?: readonly string[];
}

function baseDirectives(): CspDirectives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
}

/** Writes directives out as a policy string: `name src src; name src`. */
export function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * Reads a policy string into directives (names lower-cased, sources kept as written). The first
 * occurrence of a directive wins, as in browsers.
 */
export function parseCsp(policy: string): CspDirectives {
  const out: CspDirectives = {};
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!(key in out)) out[key] = sources;
  }
  return out;
}

/** The console's policy (see the module comment), as a header value or meta `content`. */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const d = baseDirectives();
  for (const src of options.extraScriptSrc ?? []) {
    if (!/^'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'$/.test(src)) {
      throw new TypeError(
        `extraScriptSrc: expected a quoted script hash such as 'sha256-…', got ${JSON.stringify(src)}`,
      );
    }
    d['script-src']!.push(src);
  }
  if (options.delivery === 'meta') for (const name of META_IGNORED_DIRECTIVES) delete d[name];
  return serializeCsp(d);
}
