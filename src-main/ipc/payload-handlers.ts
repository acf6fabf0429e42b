import type { AppContext } from '../app/app-context';
import { assertPayload, checkPayload, getPayloadSchema, setPayloadSchema } from '../app/payload-schema';
import { Queue } from '../queue/queue';
import { retryEdited } from '../queue/queue-admin';
import type { DomainHandlers } from './handler-types';

/**
 * `payload:*`: per-queue payload schemas and edit-and-retry. `who` names the operator in the
 * task's edit history (the audit log records the call itself).
 */
export function payloadHandlers(ctx: Pick<AppContext, 'handle'>, who: string): DomainHandlers<'payload'> {
  const open = (name: string) => Queue.open(ctx.handle(), name, { mustExist: true });
  return {
    'payload:schema': async ({ queue }) => ({ schema: await getPayloadSchema(ctx.handle(), (await open(queue)).name) }),
    'payload:set-schema': async ({ queue, schema }) => {
      await open(queue);
      await setPayloadSchema(ctx.handle(), queue, schema);
      return { schema };
    },
    'payload:check': async ({ queue, payload }) => ({ errors: await checkPayload(ctx.handle(), queue, payload) }),
    'payload:retry-edited': async ({ queue, id, payload }) => {
      const q = await open(queue);
      await assertPayload(ctx.handle(), queue, payload);
      return retryEdited(q, id, payload, who);
    },
  };
}
