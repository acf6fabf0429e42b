import type { AppContext } from '../app/app-context';
import { auditEntryOf, isAudited } from '../app/audit-log';
import { createDispatch, type Dispatch } from './dispatch';
import { createHandlerTable } from './handler-table';

/**
 * The one dispatch over an AppContext's handler table, with its read-only flag and the live
 * password to redact: what every transport (Electron IPC, serve's HTTP API and WebSocket) calls.
 * `who` names the caller in the audit log (`desktop:<user>@<host>`, `serve:<session>`): every
 * finished mutating call that changes Redis is recorded there.
 * It lives in ipc/, not on AppContext, so the context does not import the handlers that import it.
 */
export function contextDispatch(ctx: AppContext, who: string): Dispatch {
  return createDispatch(createHandlerTable(ctx, who), {
    readOnly: () => ctx.readOnly,
    secrets: () => ctx.connection.secrets(),
    audit: (call) => {
      if (!isAudited(call.channel)) return;
      void ctx.audit.record(auditEntryOf({ ...call, error: call.error && ctx.redact(call.error) }, who, Date.now()));
    },
  });
}
