import type { AppInfo } from '../../shared/ipc/contract';
import type { DomainHandlers } from './handler-types';

/** `app:*`: what the renderer needs to know about this process. */
export function appHandlers(ctx: { info: AppInfo }): DomainHandlers<'app'> {
  return {
    'app:info': async () => ctx.info,
  };
}
