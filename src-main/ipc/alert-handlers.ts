import type { AppContext } from '../app/app-context';
import { ruleView } from '../app/alert-store';
import type { DomainHandlers } from './handler-types';

/** `alerts:*`: rules, active alerts, history, ack and snooze; `who` names the caller in the history. */
export function alertHandlers(ctx: Pick<AppContext, 'alerts'>, who: string): DomainHandlers<'alerts'> {
  return {
    'alerts:rules': async () => (await ctx.alerts().store.rules()).map(ruleView),
    'alerts:upsert-rule': async (input) => {
      const service = ctx.alerts();
      const rule = await service.store.upsert(input);
      service.rulesChanged();
      return ruleView(rule);
    },
    'alerts:remove-rule': async ({ id }) => {
      const service = ctx.alerts();
      const removed = await service.store.remove(id);
      service.rulesChanged();
      return { removed };
    },
    'alerts:active': async () => ctx.alerts().active(),
    'alerts:history': async ({ limit }) => ctx.alerts().store.history(limit),
    'alerts:ack': async ({ key }) => ctx.alerts().ack(key, who),
    'alerts:snooze': async ({ key, until }) => ctx.alerts().snooze(key, until, who),
  };
}
