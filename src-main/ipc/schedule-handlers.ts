import { nextFires, ScheduleSpecError, validateScheduleSpec } from '../../shared/schedule/schedule-spec';
import type { AppContext } from '../app/app-context';
import { Queue } from '../queue/queue';
import { listQueueDefinitions } from '../queue/registry';
import type { DomainHandlers } from './handler-types';

/**
 * `schedules:*`: the console's Schedules view. Mutations are marked `mutates` in the contract, so
 * dispatch refuses them in read-only mode before they get here.
 */
export function scheduleHandlers(ctx: Pick<AppContext, 'handle'>): DomainHandlers<'schedules'> {
  const open = (name: string) => Queue.open(ctx.handle(), name, { mustExist: true });
  return {
    'schedules:list': async () => {
      const defs = await listQueueDefinitions(ctx.handle());
      const all = await Promise.all(defs.map(async (d) => (await open(d.name)).listSchedules()));
      return all.flat();
    },
    'schedules:upsert': async ({ queue, id, spec, template, options }) =>
      (await open(queue)).upsertSchedule(id, spec, template, options),
    'schedules:remove': async ({ queue, id }) => {
      await (await open(queue)).removeSchedule(id);
      return { removed: true };
    },
    'schedules:pause': async ({ queue, id }) => {
      await (await open(queue)).pauseSchedule(id);
      return { paused: true };
    },
    'schedules:resume': async ({ queue, id }) => {
      await (await open(queue)).resumeSchedule(id);
      return { paused: false };
    },
    'schedules:run': async ({ queue, id }) => (await open(queue)).runScheduleNow(id),
    'schedules:preview': async ({ spec, count }) => {
      try {
        const valid = validateScheduleSpec(spec);
        return { fires: nextFires(valid, Date.now(), count ?? 5) };
      } catch (e) {
        if (!(e instanceof ScheduleSpecError)) throw e;
        return { fires: [], error: (e as Error).message };
      }
    },
  };
}
