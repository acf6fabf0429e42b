import type { AppContext } from '../app/app-context';
import { Queue } from '../queue/queue';
import type { DomainHandlers } from './handler-types';

type Ctx = Pick<AppContext, 'handle'>;

/**
 * `limits:*`: a queue's rate limit and concurrency cap for the console. The queue must exist;
 * values are checked by the queue (QueueArgumentError naming the value, nothing stored).
 */
export function limitsHandlers(ctx: Ctx): DomainHandlers<'limits'> {
  const open = (name: string) => Queue.open(ctx.handle(), name, { mustExist: true });
  return {
    'limits:get': async ({ queue }) => (await open(queue)).limitStatus(),
    'limits:set-rate': async ({ queue, limit }) => {
      const q = await open(queue);
      await q.setRateLimit(limit);
      return q.limitStatus();
    },
    'limits:set-concurrency': async ({ queue, concurrency }) => {
      const q = await open(queue);
      await q.setConcurrency(concurrency);
      return q.limitStatus();
    },
  };
}
