import { contentSecurityPolicy } from '../../shared/csp';

/**
 * The desktop window's Content-Security-Policy, sent as a header by the `app://` protocol handler
 * (app-protocol.ts) with every file of the packaged renderer. It is the console's one policy from
 * shared/csp.ts, with nothing added: in development the window loads the dev server instead, whose
 * page carries its own dev policy (csp-vite-plugin.ts).
 */
export function appContentSecurityPolicy(): string {
  return contentSecurityPolicy({ delivery: 'header' });
}
