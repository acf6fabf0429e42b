import type { AppContext } from '../app/app-context';
import type { DomainHandlers } from './handler-types';

/** `metrics:*`: the depth samples the sampler kept (the last hour by default). */
export function metricsHandlers(ctx: Pick<AppContext, 'sampler'>): DomainHandlers<'metrics'> {
  return {
    'metrics:depth': async ({ queue, sinceMs }) => ctx.sampler()?.samples(queue, sinceMs) ?? [],
  };
}
