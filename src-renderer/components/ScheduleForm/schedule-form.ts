import { nextFires, validateScheduleSpec } from '../../../shared/schedule/schedule-spec';
import type { ScheduleSpec } from '../../../shared/types/schedule';

/** The create form's spec fields as typed. */
export interface SpecFields {
  kind: 'every' | 'cron';
  every: string;
  cron: string;
  /** Empty means UTC. */
  tz: string;
}

/** The spec the fields make, or the validation error naming the bad value (shared/ rules, as main applies them). */
export function specOfFields(f: SpecFields): { spec: ScheduleSpec; error: null } | { spec: null; error: string } {
  const raw =
    f.kind === 'every'
      ? { every: /^\s*-?\d+(\.\d+)?\s*$/.test(f.every) ? Number(f.every) : f.every }
      : f.tz.trim() === ''
        ? { cron: f.cron }
        : { cron: f.cron, tz: f.tz.trim() };
  try {
    return { spec: validateScheduleSpec(raw), error: null };
  } catch (e) {
    return { spec: null, error: (e as Error).message };
  }
}

/**
 * The next `n` fires of what the fields say, from `now`, computed here (no IPC) so the preview
 * follows each keystroke. An `every` schedule counts from its creation, so its preview starts at
 * now + every; the stored schedule's own anchor is the moment main saves it.
 */
export function previewFields(f: SpecFields, now: number, n = 5): { fires: number[]; error: string | null } {
  const r = specOfFields(f);
  if (r.error !== null) return { fires: [], error: r.error };
  const fires = nextFires(r.spec, now, n);
  return fires.length === 0 ? { fires, error: 'this cron expression never fires again' } : { fires, error: null };
}
