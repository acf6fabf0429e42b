/** What the main process trusts to call it: its own index.html, or the dev server in development. */
export interface TrustedOrigins {
  /** `file:///…/out/renderer/index.html` of this build. */
  indexFileUrl: string;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL), in development only. */
  devServerUrl?: string;
}

/**
 * True when an IPC message comes from the app's own page: the exact index file (any hash or
 * query: the renderer routes with them), or a page of the dev server's origin. Anything else
 * (a navigated-away frame, an iframe, another file) is refused.
 */
export function isTrustedSender(frameUrl: string | undefined | null, trusted: TrustedOrigins): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (url.protocol === 'file:') {
    const index = new URL(trusted.indexFileUrl);
    return url.host === index.host && decodeURIComponent(url.pathname) === decodeURIComponent(index.pathname);
  }
  if (trusted.devServerUrl) {
    const dev = new URL(trusted.devServerUrl);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === dev.origin;
  }
  return false;
}
