import { audited } from '../audited';
import { cancelManyAsBulk } from '../../app/cancel-many';
import { Queue, type CancelManyOptions } from '../../queue/queue';
import { connectionFlags, intFlag, parseCommand } from '../args';
import { UsageError } from '../cli-error';
import { withConnection } from '../connect';
import { progressPrinter, type CliIo } from '../io';

const STATES = ['waiting', 'delayed', 'active'] as const;

const HELP = `slotline cancel <queue> (--id ID [--id ID …] | --state waiting|delayed|active [--older-than MS]) [--yes]

  Waiting and delayed tasks are cancelled at once and never run. An active task's handler sees its
  signal aborted on the worker that holds it (within about a second); its outcome is discarded and
  it is not retried. Cancelled tasks end in the state "cancelled" (requeue can bring them back).
  --id ID          cancel these tasks (a finished task is left alone; its state is printed)
  --state S        cancel every task in state S, in bounded batches
  --older-than MS  with --state: only tasks that entered the state at least MS ago
  --yes            do not ask for confirmation`;

/** `slotline cancel <queue> (--id ID… | --state S [--older-than MS]) [--yes]`. */
export async function cancelCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('cancel', argv, {
    ...connectionFlags,
    id: { type: 'string', multiple: true },
    state: { type: 'string' },
    'older-than': { type: 'string' },
    yes: { type: 'boolean' },
  });
  if (values.help) return (io.out(HELP), 0);
  const name = positionals[0];
  if (!name) throw new UsageError(`slotline cancel needs a queue name:\n${HELP}`);
  const ids = (values.id as string[] | undefined) ?? [];
  if (ids.length > 0 === (values.state !== undefined)) throw new UsageError(`give either --id or --state:\n${HELP}`);
  if (values.state !== undefined && !STATES.includes(values.state as (typeof STATES)[number]))
    throw new UsageError(
      `--state ${JSON.stringify(values.state)}: expected one of ${STATES.join(', ')} (finished tasks cannot be cancelled)`,
    );
  if (values['older-than'] !== undefined && ids.length > 0) throw new UsageError('--older-than goes with --state');
  const olderThanMs =
    values['older-than'] === undefined
      ? undefined
      : intFlag('older-than', values['older-than'], 0, 0, Number.MAX_SAFE_INTEGER);
  return withConnection(values, io, async (h) => {
    const q = await Queue.open(h, name, { mustExist: true });
    const state = values.state as CancelManyOptions['state'] | undefined;
    const what = state
      ? `${olderThanMs === undefined ? 'every' : 'up to'} ${state} task (${(await q.counts())[state]} now)${olderThanMs === undefined ? '' : ` older than ${olderThanMs} ms`} of ${name}`
      : `${ids.length} task(s) of ${name}: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`;
    if (!values.yes && !(await io.confirm(`Cancel ${what}?`))) {
      io.err(`not cancelled: confirm at the prompt, or pass --yes to cancel ${what}`);
      return 1;
    }
    if (!state) {
      for (const id of ids) {
        const r = await audited(
          h,
          'cancel',
          { queue: name, id },
          () => q.cancel(id),
          () => 1,
        );
        io.out(`${r.id}: ${r.state}`);
      }
      return 0;
    }
    const r = await audited(
      h,
      'cancel',
      { queue: name, state, ...(olderThanMs === undefined ? {} : { olderThanMs }) },
      () => cancelManyAsBulk(q, { state, olderThanMs }, { onProgress: progressPrinter(io, 'cancelling') }),
      (x) => x.done,
    );
    io.out(`cancelled ${r.done} ${state} task(s) of ${name}`);
    return 0;
  });
}
