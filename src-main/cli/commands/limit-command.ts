import type { LimitStatus } from '../../../shared/types/schedule';
import { Queue } from '../../queue/queue';
import { connectionFlags, parseCommand } from '../args';
import { UsageError } from '../cli-error';
import { withConnection } from '../connect';
import type { CliIo } from '../io';

const LIMIT_HELP = `slotline limit <queue> [--max N --per MS | --off]

  Sets the queue-wide rate limit: at most N task starts in any window of MS ms, across every
  worker and partition. Stored in the queue's definition; running workers apply it within about
  a second. --off removes it. Without flags, prints the queue's limits and whether they hold
  tasks back now.`;

const CONCURRENCY_HELP = `slotline concurrency <queue> [N | --off]

  Sets the queue-wide cap on active tasks: at most N run at once, across every worker and
  partition. --off removes it. Without N, prints the queue's limits.`;

/** A number as typed, or a UsageError naming it (ranges are the queue's to check). */
function numberArg(name: string, v: unknown): number {
  const s = String(v);
  if (!/^-?\d+(\.\d+)?$/.test(s))
    throw new UsageError(`${name} ${JSON.stringify(s)} is not a number: expected a whole number ≥ 1`);
  return Number(s);
}

/** One line per limit and a status line, as `limit` and `concurrency` print them. */
export function formatLimitStatus(s: LimitStatus): string[] {
  const rate = s.rateLimit ? `${s.rateLimit.max} per ${s.rateLimit.perMs} ms` : 'none';
  const cap = s.concurrency === null ? 'none' : String(s.concurrency);
  const held = s.heldUntil === undefined ? '' : `; starts held until ${new Date(s.heldUntil).toISOString()}`;
  const state = s.limited ? `limited now: ${s.waiting} waiting for a slot` : `not limiting now (${s.waiting} waiting)`;
  return [
    `${s.queue}`,
    `  rate limit   ${rate}${s.rateLimit ? ` (started in window: ${s.startedInWindow})` : ''}`,
    `  concurrency  ${cap}${s.concurrency === null ? '' : ` (active: ${s.active})`}`,
    `  ${state}${held}`,
  ];
}

/** `slotline limit <queue> [--max N --per MS | --off]`. */
export async function limitCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('limit', argv, {
    ...connectionFlags,
    max: { type: 'string' },
    per: { type: 'string' },
    off: { type: 'boolean' },
  });
  if (values.help) return (io.out(LIMIT_HELP), 0);
  const name = positionals[0];
  if (!name) throw new UsageError(`slotline limit needs a queue name:\n${LIMIT_HELP}`);
  const setting = values.max !== undefined || values.per !== undefined;
  if (setting && values.off) throw new UsageError(`give either --max and --per, or --off:\n${LIMIT_HELP}`);
  if (setting && (values.max === undefined || values.per === undefined))
    throw new UsageError(`--max and --per go together (got ${values.max === undefined ? '--per' : '--max'} only)`);
  return withConnection(values, io, async (h) => {
    const q = await Queue.open(h, name, { mustExist: true });
    if (values.off) await q.setRateLimit(null);
    else if (setting)
      await q.setRateLimit({ max: numberArg('--max', values.max), perMs: numberArg('--per', values.per) });
    for (const l of formatLimitStatus(await q.limitStatus())) io.out(l);
    return 0;
  });
}

/** `slotline concurrency <queue> [N | --off]`. */
export async function concurrencyCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('concurrency', argv, { ...connectionFlags, off: { type: 'boolean' } });
  if (values.help) return (io.out(CONCURRENCY_HELP), 0);
  const [name, n] = positionals;
  if (!name) throw new UsageError(`slotline concurrency needs a queue name:\n${CONCURRENCY_HELP}`);
  if (n !== undefined && values.off) throw new UsageError(`give either N or --off:\n${CONCURRENCY_HELP}`);
  return withConnection(values, io, async (h) => {
    const q = await Queue.open(h, name, { mustExist: true });
    if (values.off) await q.setConcurrency(null);
    else if (n !== undefined) await q.setConcurrency(numberArg('N', n));
    for (const l of formatLimitStatus(await q.limitStatus())) io.out(l);
    return 0;
  });
}
