/** What the main process trusts to call it: its own page, or the dev server in development. */
export interface TrustedOrigins {
  /** `app://slotline/index.html`: the packaged renderer, served by the app protocol handler. */
  appIndexUrl: string;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL), in development only. */
  devServerUrl?: string;
}

/**
 * True when an IPC message comes from the app's own page: the exact index page of the app origin
 * (any hash or query: the renderer routes with them), or a page of the dev server's origin when
 * one is set. Anything else (a navigated-away frame, an iframe, another page of the app origin,
 * any `file://` page) is refused.
 */
export function isTrustedSender(frameUrl: string | undefined | null, trusted: TrustedOrigins): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  const index = new URL(trusted.appIndexUrl);
  if (url.protocol === index.protocol) {
    // Compared exactly: the URL parser folds `.`/`..` segments, and Chromium lower-cases the host
    // of a standard scheme before the URL reaches main; any other spelling is refused.
    return url.host === index.host && url.pathname === index.pathname && !url.username && !url.password;
  }
  if (trusted.devServerUrl) {
    const dev = new URL(trusted.devServerUrl);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === dev.origin;
  }
  return false;
}
