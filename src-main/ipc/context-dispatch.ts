import type { AppContext } from '../app/app-context';
import { createDispatch, type Dispatch } from './dispatch';
import { createHandlerTable } from './handler-table';

/**
 * The one dispatch over an AppContext's handler table, with its read-only flag and the live
 * password to redact: what every transport (Electron IPC, serve's HTTP API and WebSocket) calls.
 * It lives in ipc/, not on AppContext, so the context does not import the handlers that import it.
 */
export function contextDispatch(ctx: AppContext): Dispatch {
  return createDispatch(createHandlerTable(ctx), {
    readOnly: () => ctx.readOnly,
    secrets: () => ctx.connection.secrets(),
  });
}
