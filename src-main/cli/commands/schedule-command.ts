import { describeSpec, nextFires, validateScheduleSpec } from '../../../shared/schedule/schedule-spec';
import type { ScheduleInfo, ScheduleSpec, ScheduleTemplate } from '../../../shared/types/schedule';
import { Queue } from '../../queue/queue';
import { connectionFlags, intFlag, parseCommand } from '../args';
import { UsageError } from '../cli-error';
import { withConnection } from '../connect';
import type { CliIo } from '../io';

const HELP = `slotline schedule add|list|rm|pause|resume|run <queue> …

  add <queue> <id> (--every MS | --cron EXPR [--tz ZONE]) [--payload JSON] [--key KEY]
      [--catch-up skip|once] [--grace MS]
                      create or replace a schedule; prints its next 5 fires (local and UTC).
                      The same id with the same spec keeps its tick position (no double fire).
  list <queue>        every schedule: spec, next and last fire, last task, fires, skipped
  rm <queue> <id>     remove a schedule (its tasks stay)
  pause <queue> <id>  stop its ticks;  resume <queue> <id>  start them again
  run <queue> <id>    enqueue one task now; the regular ticks are not moved

  Ticks fire while a worker of the queue runs (slotline work <queue>). --cron takes 5 fields
  (minute first) or 6 (second first); --tz an IANA zone (default UTC).`;

const SUBCOMMANDS = ['add', 'list', 'rm', 'pause', 'resume', 'run'] as const;

/** A time as `2026-03-29 03:30:00 CEST` in `timeZone` (default: this machine's). */
export function formatLocal(ms: number, timeZone?: string): string {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
  return f.format(new Date(ms));
}

/** The next fires of a schedule whose first one is `first`, one line each, local and UTC. */
export function fireLines(spec: ScheduleSpec, first: number, n = 5): string[] {
  const tz = 'cron' in spec ? spec.tz : undefined;
  // An every-schedule's grid passes through each of its ticks, so its first tick is an anchor.
  const fires = first < 0 ? [] : [first, ...nextFires(spec, first, n - 1, first)];
  return fires.map((t) => `  ${formatLocal(t, tz)}   ${new Date(t).toISOString()}`);
}

/** The table `schedule list` prints. */
export function scheduleTable(rows: ScheduleInfo[]): string[] {
  if (rows.length === 0) return ['no schedules'];
  const head = ['ID', 'SPEC', 'STATE', 'NEXT (UTC)', 'LAST (UTC)', 'LAST TASK', 'FIRES', 'SKIPPED'];
  const cells = rows.map((s) => [
    s.id,
    describeSpec(s.spec),
    s.paused ? 'paused' : 'active',
    s.nextFireAt < 0 ? '-' : new Date(s.nextFireAt).toISOString(),
    s.lastFireAt === undefined ? '-' : new Date(s.lastFireAt).toISOString(),
    s.lastTaskId ?? '-',
    String(s.fires),
    String(s.skipped),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [head, ...cells].map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

function parsePayload(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(
      `--payload ${JSON.stringify(text)} is not JSON (${(e as Error).message}): expected e.g. '{"report":"daily"}'`,
    );
  }
}

/** `slotline schedule add|list|rm|pause|resume|run <queue> …`. */
export async function scheduleCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('schedule', argv, {
    ...connectionFlags,
    every: { type: 'string' },
    cron: { type: 'string' },
    tz: { type: 'string' },
    payload: { type: 'string' },
    key: { type: 'string' },
    'catch-up': { type: 'string' },
    grace: { type: 'string' },
  });
  if (values.help) return (io.out(HELP), 0);
  const [sub, queue, id] = positionals;
  if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub))
    throw new UsageError(
      `slotline schedule ${sub ? JSON.stringify(sub) : ''}: expected one of ${SUBCOMMANDS.join(', ')}:\n${HELP}`,
    );
  if (!queue) throw new UsageError(`slotline schedule ${sub} needs a queue name:\n${HELP}`);
  if (sub !== 'list' && !id) throw new UsageError(`slotline schedule ${sub} needs a schedule id:\n${HELP}`);

  let add: { spec: ScheduleSpec; template: ScheduleTemplate; catchUp?: string; graceMs?: number } | undefined;
  if (sub === 'add') {
    if ((values.every === undefined) === (values.cron === undefined))
      throw new UsageError(`slotline schedule add: give either --every MS or --cron EXPR:\n${HELP}`);
    if (values.tz !== undefined && values.cron === undefined) throw new UsageError('--tz goes with --cron');
    const spec = validateScheduleSpec(
      values.every !== undefined
        ? { every: intFlag('every', values.every, 0, 1) }
        : values.tz !== undefined
          ? { cron: values.cron as string, tz: values.tz as string }
          : { cron: values.cron as string },
    );
    const catchUp = values['catch-up'] as string | undefined;
    if (catchUp !== undefined && catchUp !== 'skip' && catchUp !== 'once')
      throw new UsageError(`--catch-up ${JSON.stringify(catchUp)}: expected skip or once`);
    add = {
      spec,
      template: {
        payload: parsePayload(values.payload as string | undefined),
        ...(values.key !== undefined ? { options: { key: values.key as string } } : {}),
      },
      catchUp,
      graceMs: values.grace === undefined ? undefined : intFlag('grace', values.grace, 0, 0),
    };
  }
  return withConnection(values, io, async (h) => {
    const q = await Queue.open(h, queue, { mustExist: true });
    switch (sub) {
      case 'add': {
        const s = await q.upsertSchedule(id!, add!.spec, add!.template, {
          ...(add!.catchUp ? { catchUp: add!.catchUp as 'skip' | 'once' } : {}),
          ...(add!.graceMs !== undefined ? { graceMs: add!.graceMs } : {}),
        });
        io.out(
          `schedule ${s.id} on ${q.name} (partition ${s.partition}): ${describeSpec(s.spec)}${s.paused ? ', paused' : ''}`,
        );
        io.out('next 5 fires (local, UTC):');
        for (const l of fireLines(s.spec, s.nextFireAt)) io.out(l);
        return 0;
      }
      case 'list':
        for (const l of scheduleTable(await q.listSchedules())) io.out(l);
        return 0;
      case 'rm':
        await q.removeSchedule(id!);
        io.out(`removed schedule ${id} from ${q.name}`);
        return 0;
      case 'pause':
        await q.pauseSchedule(id!);
        io.out(`paused schedule ${id} of ${q.name}`);
        return 0;
      case 'resume':
        await q.resumeSchedule(id!);
        io.out(`resumed schedule ${id} of ${q.name}`);
        return 0;
      default: {
        const { taskId } = await q.runScheduleNow(id!);
        io.out(`enqueued ${taskId} from schedule ${id} of ${q.name}`);
        return 0;
      }
    }
  });
}
