/** `scheme://` at the start of a URL-like string. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Text that is meant as a URL but does not parse. Its credentials, if any, end at its last `@`
 * (as in WHATWG parsing), so everything between the scheme and that `@` is hidden: a password
 * that contains `/` or `@` must not show through.
 */
function redactUnparsable(url: string): string {
  const at = url.lastIndexOf('@');
  if (at === -1) return url;
  const scheme = SCHEME.exec(url)?.[0] ?? '';
  return `${scheme}***@${url.slice(at + 1)}`;
}

/**
 * A URL with its password shown as `***` (a lone user part, which may be a token, too), read from
 * the parsed URL object rather than cut with a pattern: `redis://u:p@ss@host` is
 * `redis://u:***@host`, as the parser that connects reads it. A URL without credentials comes
 * back unchanged; one that does not parse never keeps anything before its last `@`.
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return redactUnparsable(url);
  }
  if (!u.username && !u.password) return url;
  if (u.password) u.password = '***';
  else u.username = '***';
  return u.toString();
}

/** A URL with neither user nor password: what may be stored or shown of a connection target. */
export function urlWithoutCredentials(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return redactUnparsable(url);
  }
  if (!u.username && !u.password) return url;
  u.username = '';
  u.password = '';
  return u.toString();
}

/** Redacts every occurrence of the given secrets (and credentials inside URLs) in a message. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  // The pattern only finds where a URL starts and ends in free text; redactUrl reads it parsed.
  let out = text.replace(/rediss?:\/\/[^\s'"]+/gi, (u) => redactUrl(u));
  for (const s of secrets) {
    if (s && s.length > 0) out = out.split(s).join('***');
  }
  return out;
}
