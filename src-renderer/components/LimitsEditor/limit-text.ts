import type { LimitStatus, RateLimit } from '../../../shared/types/schedule';
import { formatCount } from '../../lib/format';

/** A rate limit in words: `100/s`, `30/min`, `5 per 250 ms`. */
export function formatRateLimit({ max, perMs }: RateLimit): string {
  if (perMs === 1000) return `${formatCount(max)}/s`;
  if (perMs === 60_000) return `${formatCount(max)}/min`;
  if (perMs === 3_600_000) return `${formatCount(max)}/h`;
  return `${formatCount(max)} per ${formatCount(perMs)} ms`;
}

/**
 * What a queue's limits are and whether they hold tasks back now, for the Queues table:
 * `no limits`, `100/s, at most 5 active`, or `limited: 100/s, 340 waiting for a slot`.
 */
export function limitSummary(s: LimitStatus, now: number): string {
  const parts: string[] = [];
  if (s.rateLimit) parts.push(formatRateLimit(s.rateLimit));
  if (s.concurrency !== null) parts.push(`at most ${formatCount(s.concurrency)} active`);
  const held = s.heldUntil !== undefined && s.heldUntil > now;
  if (held) parts.push(`held by a handler for ${formatCount(Math.ceil((s.heldUntil! - now) / 1000))} s more`);
  if (parts.length === 0) return 'no limits';
  const what = parts.join(', ');
  return s.limited ? `limited: ${what}, ${formatCount(s.waiting)} waiting for a slot` : what;
}
