import { Cron } from 'croner';
import { SlotlineError } from '../errors';
import {
  CatchUpSchema,
  DEFAULT_SCHEDULE_GRACE_MS,
  MAX_EVERY_MS,
  type CatchUp,
  type ScheduleSpec,
} from '../types/schedule';

/**
 * Validation and tick arithmetic for schedules, shared by the queue (main), the CLI and the
 * console's create form (which previews fires as the operator types). Cron parsing is croner's:
 * 5 fields (minute first) or 6 (second first), evaluated in an IANA time zone (default UTC);
 * across a DST change croner fires a skipped local time once at the next valid instant and a
 * repeated local time once.
 */

/** A schedule spec, option or id that cannot be used. `message` names the value and what was expected. */
export class ScheduleSpecError extends SlotlineError {
  constructor(message: string) {
    super('invalid-schedule', message);
  }
}

/** The most fires a preview or a catch-up computation returns. */
export const MAX_PREVIEW = 100;

/** Checks a time zone name against the runtime's IANA database. */
export function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new ScheduleSpecError(
      `time zone ${JSON.stringify(tz)} is not known: expected an IANA name such as "UTC", "Europe/Berlin" or "America/New_York"`,
    );
  }
}

function fieldCount(expr: string): number {
  return expr.trim().split(/\s+/).length;
}

/** Builds croner's matcher for a cron spec, turning its errors into ones that name the expression. */
function cronOf(spec: { cron: string; tz?: string }): Cron {
  const n = fieldCount(spec.cron);
  if (spec.cron.trim() === '' || (n !== 5 && n !== 6)) {
    throw new ScheduleSpecError(
      `cron expression ${JSON.stringify(spec.cron)} has ${spec.cron.trim() === '' ? 0 : n} field(s): expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)`,
    );
  }
  if (spec.tz !== undefined) assertTimeZone(spec.tz);
  try {
    return new Cron(spec.cron, { paused: true, timezone: spec.tz ?? 'UTC', mode: n === 6 ? '6-part' : '5-part' });
  } catch (e) {
    throw new ScheduleSpecError(
      `cron expression ${JSON.stringify(spec.cron)} is not valid: ${(e as Error).message.replace(/^CronPattern: /, '')}`,
    );
  }
}

/**
 * Checks a spec's shape and values and returns it normalised (cron trimmed). Throws
 * ScheduleSpecError naming the bad value.
 */
export function validateScheduleSpec(spec: unknown): ScheduleSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new ScheduleSpecError(
      `schedule spec ${describe(spec)} is not valid: expected { every: ms } or { cron: "0 3 * * *", tz?: "Europe/Berlin" }`,
    );
  }
  const o = spec as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => k !== 'every' && k !== 'cron' && k !== 'tz');
  if (extra.length > 0) {
    throw new ScheduleSpecError(
      `schedule spec has unknown field(s) ${extra.join(', ')}: expected every, or cron and tz`,
    );
  }
  if ('every' in o) {
    if ('cron' in o || 'tz' in o)
      throw new ScheduleSpecError('schedule spec has both every and cron/tz: give one of them');
    const every = o.every;
    if (typeof every !== 'number' || !Number.isInteger(every) || every <= 0 || every > MAX_EVERY_MS) {
      throw new ScheduleSpecError(
        `every=${describe(every)} is not valid: expected a whole number of milliseconds from 1 to ${MAX_EVERY_MS}`,
      );
    }
    return { every };
  }
  if (typeof o.cron !== 'string') {
    throw new ScheduleSpecError(
      `cron=${describe(o.cron)} is not valid: expected a cron expression string such as "0 3 * * *"`,
    );
  }
  if (o.tz !== undefined && typeof o.tz !== 'string') {
    throw new ScheduleSpecError(
      `tz=${describe(o.tz)} is not valid: expected an IANA time zone name such as "Europe/Berlin"`,
    );
  }
  const out: ScheduleSpec = o.tz === undefined ? { cron: o.cron.trim() } : { cron: o.cron.trim(), tz: o.tz };
  cronOf(out as { cron: string; tz?: string });
  return out;
}

/** Checks catchUp and graceMs, filling the defaults. */
export function validateScheduleOptions(o: { catchUp?: unknown; graceMs?: unknown } = {}): {
  catchUp: CatchUp;
  graceMs: number;
} {
  const catchUp = o.catchUp ?? 'skip';
  if (!CatchUpSchema.safeParse(catchUp).success) {
    throw new ScheduleSpecError(`catchUp=${describe(catchUp)} is not valid: expected "skip" or "once"`);
  }
  const graceMs = o.graceMs ?? DEFAULT_SCHEDULE_GRACE_MS;
  if (typeof graceMs !== 'number' || !Number.isInteger(graceMs) || graceMs < 0 || graceMs > MAX_EVERY_MS) {
    throw new ScheduleSpecError(
      `graceMs=${describe(graceMs)} is not valid: expected a whole number of ms from 0 to ${MAX_EVERY_MS}`,
    );
  }
  return { catchUp: catchUp as CatchUp, graceMs };
}

/**
 * The first tick strictly after `after` (ms). `anchor` is where an `every` schedule counts from
 * (its creation time); cron ignores it. Returns null when a cron expression has no further fire.
 */
export function tickAfter(spec: ScheduleSpec, after: number, anchor: number): number | null {
  if ('every' in spec) {
    if (after < anchor) return anchor;
    return anchor + (Math.floor((after - anchor) / spec.every) + 1) * spec.every;
  }
  const next = cronOf(spec).nextRun(new Date(after));
  return next ? next.getTime() : null;
}

/** Up to `n` (≤ 100) ticks strictly after `after`, for previews ("the next 5 fires"). */
export function nextFires(spec: ScheduleSpec, after: number, n: number, anchor = after): number[] {
  const out: number[] = [];
  let t = after;
  for (let i = 0; i < Math.min(n, MAX_PREVIEW); i++) {
    const next = tickAfter(spec, t, anchor);
    if (next === null) break;
    out.push(next);
    t = next;
  }
  return out;
}

/**
 * Ticks in (from, to], counted up to `cap` (so a long outage of a per-second schedule costs
 * little). Used to report how many ticks a catch-up skipped.
 */
export function countTicks(spec: ScheduleSpec, from: number, to: number, anchor: number, cap = 10_000): number {
  if (to <= from) return 0;
  if ('every' in spec) {
    const first = tickAfter(spec, from, anchor)!;
    if (first > to) return 0;
    return Math.min(cap, Math.floor((to - first) / spec.every) + 1);
  }
  let n = 0;
  let t = from;
  while (n < cap) {
    const next = tickAfter(spec, t, anchor);
    if (next === null || next > to) break;
    n++;
    t = next;
  }
  return n;
}

/** A human description of a spec for lists and logs: "every 30 s", "cron 0 3 * * * (Europe/Berlin)". */
export function describeSpec(spec: ScheduleSpec): string {
  if ('every' in spec) {
    const ms = spec.every;
    if (ms % 3_600_000 === 0) return `every ${ms / 3_600_000} h`;
    if (ms % 60_000 === 0) return `every ${ms / 60_000} min`;
    if (ms % 1000 === 0) return `every ${ms / 1000} s`;
    return `every ${ms} ms`;
  }
  return `cron ${spec.cron} (${spec.tz ?? 'UTC'})`;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
