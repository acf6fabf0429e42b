import type { AppContext } from '../app/app-context';
import type { DomainHandlers } from './handler-types';

/** `audit:*`: the shared audit log. Writing it is the dispatcher's job, never a channel's. */
export function auditHandlers(ctx: Pick<AppContext, 'audit' | 'handle'>): DomainHandlers<'audit'> {
  return {
    'audit:list': async (f) => {
      ctx.handle(); // NotConnectedError when there is no connection, rather than an empty log
      return ctx.audit.list(f);
    },
  };
}
