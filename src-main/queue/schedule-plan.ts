import { countTicks, tickAfter } from '../../shared/schedule/schedule-spec';
import type { CatchUp, ScheduleSpec } from '../../shared/types/schedule';

/** What the fire script needs to know about the ticks after the one due. */
export interface FirePlan {
  /** The tick after the due one (-1: the cron expression has none). */
  following: number;
  /** The first tick after the server's now (-1: none): where a missed schedule resumes. */
  future: number;
  /** Ticks in [due tick, now]: how many a catch-up past the grace leaves out. */
  missed: number;
  /** True when the due tick is later than its grace, so catch-up applies (the script decides on its own clock). */
  late: boolean;
}

/**
 * The tick arithmetic of one fire, a pure function of the spec and the server's `now`, so a unit
 * test can run it with an injected clock (across a DST change, for example). The fire script
 * takes these values and decides on its own server time whether the tick is within its grace.
 */
export function planFire(
  s: { spec: ScheduleSpec; anchor: number; graceMs: number },
  due: number,
  now: number,
): FirePlan {
  return {
    following: tickAfter(s.spec, due, s.anchor) ?? -1,
    future: tickAfter(s.spec, now, s.anchor) ?? -1,
    missed: countTicks(s.spec, due - 1, now, s.anchor),
    late: now - due > s.graceMs,
  };
}

/**
 * Replays what a poller and the fire script do, from `from` to `to` on an injected clock polled
 * every `pollMs`: the ticks fired and the ticks skipped. Used by the unit tests to check the fire
 * computation across DST changes and catch-up without Redis; the real fire runs in
 * schedule-fire-8.lua with the same rules.
 */
export function simulateFires(
  s: { spec: ScheduleSpec; anchor: number; graceMs: number; catchUp: CatchUp },
  from: number,
  to: number,
  pollMs: number,
  o: { firstTick?: number; maxPolls?: number } = {},
): { fired: number[]; skipped: number } {
  // firstTick earlier than `from` replays an outage: the poller was down until `from`.
  let next = o.firstTick ?? tickAfter(s.spec, from, s.anchor) ?? -1;
  const maxPolls = o.maxPolls ?? 100_000;
  const fired: number[] = [];
  let skipped = 0;
  for (let now = from, i = 0; now <= to && i < maxPolls && next >= 0; now += pollMs, i++) {
    if (next > now) continue;
    const p = planFire(s, next, now);
    if (!p.late) {
      fired.push(next);
      next = p.following;
      continue;
    }
    const miss = Math.max(1, p.missed);
    if (s.catchUp === 'once') {
      fired.push(next);
      skipped += miss - 1;
    } else skipped += miss;
    next = p.future;
  }
  return { fired, skipped };
}
