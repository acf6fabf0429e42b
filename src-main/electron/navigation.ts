/** Sites the console links to (docs, the project) that may open in the user's browser. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = [
  'https://redis.io/',
  'https://github.com/',
  'https://electronjs.org/',
];

/**
 * Whether a link the page tries to open may go to the system browser: `https:` only, and only
 * under an allow-listed prefix (compared on the parsed URL, so `https://redis.io.evil.com/`
 * and `https://user@redis.io@evil.com/` do not pass).
 */
export function mayOpenExternally(url: string, allowList: readonly string[] = EXTERNAL_ALLOW_LIST): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password) return false;
  return allowList.some((prefix) => {
    const p = new URL(prefix);
    return u.origin === p.origin && u.pathname.startsWith(p.pathname);
  });
}

/** The window never navigates away from the app: every `will-navigate` is prevented. */
export function mayNavigate(_url: string): boolean {
  return false;
}
