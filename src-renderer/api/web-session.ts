import { WEB_PATHS } from '../../shared/ipc/web-protocol';

const STORAGE_KEY = 'slotline.token';

/**
 * Takes the token from `#token=…` (keeping it in sessionStorage for reloads) and removes it from
 * the address bar, so it is not bookmarked, shared in a screenshot or left in history.
 */
export function takeToken(location: Location, storage: Storage, history: History): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    storage.setItem(STORAGE_KEY, token);
    history.replaceState(null, '', location.pathname + location.search);
    return token;
  }
  return storage.getItem(STORAGE_KEY);
}

export type SessionCheck = 'ok' | 'unauthorized' | 'unreachable';

/** Asks `slotline serve` whether the token is good before opening the console. */
export async function checkSession(token: string, fetchImpl: typeof fetch = fetch): Promise<SessionCheck> {
  try {
    const response = await fetchImpl(WEB_PATHS.session, { headers: { Authorization: `Bearer ${token}` } });
    if (response.status === 401 || response.status === 403) return 'unauthorized';
    return response.ok ? 'ok' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

/** `ws://host/api/ws?token=…` for the page's own origin. */
export function socketUrl(location: Location, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WEB_PATHS.ws}?token=${encodeURIComponent(token)}`;
}
