import type { AppContext } from '../app/app-context';
import { alertHandlers } from './alert-handlers';
import { appHandlers } from './app-handlers';
import { auditHandlers } from './audit-handlers';
import { connectionHandlers } from './connection-handlers';
import type { HandlerTable } from './handler-types';
import { metricsHandlers } from './metrics-handlers';
import { queueHandlers } from './queue-handlers';
import { topologyHandlers } from './topology-handlers';

/**
 * Every channel's handler over one AppContext; both transports dispatch into this table. `who`
 * names the caller where a handler records it (alert acks and snoozes).
 */
export function createHandlerTable(ctx: AppContext, who = 'console'): HandlerTable {
  return {
    ...appHandlers(ctx),
    ...connectionHandlers(ctx),
    ...topologyHandlers(ctx),
    ...queueHandlers(ctx),
    ...metricsHandlers(ctx),
    ...auditHandlers(ctx),
    ...alertHandlers(ctx, who),
  };
}
