import type { AppContext } from '../app/app-context';
import { alertHandlers } from './alert-handlers';
import { appHandlers } from './app-handlers';
import { auditHandlers } from './audit-handlers';
import { connectionHandlers } from './connection-handlers';
import type { HandlerTable } from './handler-types';
import { limitsHandlers } from './limits-handlers';
import { metricsHandlers } from './metrics-handlers';
import { payloadHandlers } from './payload-handlers';
import { queueHandlers } from './queue-handlers';
import { scheduleHandlers } from './schedule-handlers';
import { topologyHandlers } from './topology-handlers';

/**
 * Every channel's handler over one AppContext; both transports dispatch into this table. `who`
 * names the caller where a handler stores it (a task's edit history, alert acks and snoozes).
 */
export function createHandlerTable(ctx: AppContext, who = 'console'): HandlerTable {
  return {
    ...appHandlers(ctx),
    ...connectionHandlers(ctx),
    ...topologyHandlers(ctx),
    ...queueHandlers(ctx),
    ...limitsHandlers(ctx),
    ...metricsHandlers(ctx),
    ...auditHandlers(ctx),
    ...payloadHandlers(ctx, who),
    ...scheduleHandlers(ctx),
    ...alertHandlers(ctx, who),
  };
}
