import type { AppContext } from '../app/app-context';
import { appHandlers } from './app-handlers';
import { connectionHandlers } from './connection-handlers';
import type { HandlerTable } from './handler-types';
import { limitsHandlers } from './limits-handlers';
import { metricsHandlers } from './metrics-handlers';
import { queueHandlers } from './queue-handlers';
import { topologyHandlers } from './topology-handlers';

/** Every channel's handler over one AppContext; both transports dispatch into this table. */
export function createHandlerTable(ctx: AppContext): HandlerTable {
  return {
    ...appHandlers(ctx),
    ...connectionHandlers(ctx),
    ...topologyHandlers(ctx),
    ...queueHandlers(ctx),
    ...limitsHandlers(ctx),
    ...metricsHandlers(ctx),
  };
}
