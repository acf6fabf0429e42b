/**
 * The Content-Security-Policy header of the desktop window. Scripts only from the app itself (no
 * inline or eval); inline styles are allowed because the renderer's charts set style attributes,
 * as the renderer's own meta policy does. The window talks to main over IPC, so unlike `serve`'s
 * page it needs no WebSocket, except to the dev server for hot reload.
 */
export function contentSecurityPolicy(options: { devServerUrl?: string } = {}): string {
  const connect = ["'self'"];
  if (options.devServerUrl) {
    const u = new URL(options.devServerUrl);
    connect.push(u.origin, `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
