import type { AppContext } from '../app/app-context';
import { manualFailover } from '../topology/manual-failover';
import type { DomainHandlers } from './handler-types';

type Ctx = Pick<AppContext, 'handle' | 'monitor' | 'history'>;

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** `topology:*`: the latest snapshot, the failover history, and the operator's failover. */
export function topologyHandlers(ctx: Ctx): DomainHandlers<'topology'> {
  return {
    'topology:snapshot': async () => ctx.monitor()?.snapshot() ?? null,
    'topology:history': async ({ limit }) => ctx.history.list(limit),
    'topology:export': async ({ format }) => {
      const name = `slotline-topology-${stamp(new Date())}`;
      return format === 'csv'
        ? { filename: `${name}.csv`, mimeType: 'text/csv', content: ctx.history.exportCsv() }
        : { filename: `${name}.json`, mimeType: 'application/json', content: ctx.history.exportJson() };
    },
    'topology:failover': async ({ replicaId, force }) =>
      manualFailover({ handle: ctx.handle(), snapshot: ctx.monitor()?.snapshot(), replicaId, force }),
  };
}
