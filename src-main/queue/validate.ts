import { QueueArgumentError } from './errors';
import type { EnqueueOptions, QueueOptions } from './queue';
import type { Durability } from './queue-scripts';
import { routingPart } from './routing';

// ES2024 (Node >= 20); the project's lib setting is ES2023.
declare global {
  interface String {
    isWellFormed(): boolean;
  }
}

/** Where `s` has an unpaired UTF-16 surrogate, or -1 when it is well-formed Unicode. */
export function loneSurrogateAt(s: string): number {
  if (s.isWellFormed()) return -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/**
 * Task ids are 1-256 characters of well-formed Unicode. Redis stores strings as UTF-8, in which a
 * lone surrogate has no encoding: ioredis writes U+FFFD instead, so two ids that differ only
 * there would be one task, and Lua's cjson cannot read such a record back.
 */
export function assertTaskId(id: unknown, context = ''): asserts id is string {
  const where = context ? ` ${context}` : '';
  if (typeof id !== 'string') throw new QueueArgumentError(`task id ${String(id)}${where}: expected a string`);
  const bad = loneSurrogateAt(id);
  if (id.length === 0 || id.length > 256 || bad >= 0) {
    throw new QueueArgumentError(
      `task id ${JSON.stringify(id.length > 300 ? id.slice(0, 300) + '…' : id)}${where}: expected 1-256 characters of well-formed Unicode` +
        (bad >= 0 ? ` (an unpaired UTF-16 surrogate at index ${bad})` : ` (it has ${id.length})`),
    );
  }
}

/** Durability options: whole numbers >= 1. */
export function validateDurability(d: Durability): void {
  if (!Number.isInteger(d.replicas) || d.replicas < 1)
    throw new QueueArgumentError(`durable.replicas=${d.replicas}: expected a whole number >= 1`);
  if (!Number.isInteger(d.timeoutMs) || d.timeoutMs < 1)
    throw new QueueArgumentError(`durable.timeoutMs=${d.timeoutMs}: expected a whole number of ms >= 1`);
}

/** One task's enqueue options, before anything is sent. */
export function validateEnqueue(id: string, o: EnqueueOptions): void {
  assertTaskId(id);
  if (o.key !== undefined && typeof o.key !== 'string')
    throw new QueueArgumentError(`key ${String(o.key)} for task ${id}: expected a string`);
  if (o.id !== undefined && o.key !== undefined && routingPart(o.id) !== o.key) {
    throw new QueueArgumentError(
      `task id ${JSON.stringify(o.id)} with key ${JSON.stringify(o.key)}: a task with an id is routed by its id, so that one id is always one task; ` +
        `to keep tasks of one key in order and give them ids, put the key in the id as a hash tag, e.g. ${JSON.stringify(`{${o.key}}${o.id}`)}, or leave out the key`,
    );
  }
  if (o.delayMs !== undefined && (!Number.isInteger(o.delayMs) || o.delayMs < 0)) {
    throw new QueueArgumentError(`delayMs=${o.delayMs} for task ${id}: expected a whole number of ms >= 0`);
  }
  if (o.priority !== undefined && (!Number.isInteger(o.priority) || o.priority < 0 || o.priority > 1000)) {
    throw new QueueArgumentError(`priority=${o.priority} for task ${id}: expected a whole number from 0 to 1000`);
  }
  if (o.maxAttempts !== undefined && (!Number.isInteger(o.maxAttempts) || o.maxAttempts < 1)) {
    throw new QueueArgumentError(`maxAttempts=${o.maxAttempts} for task ${id}: expected a whole number >= 1`);
  }
  if (o.durable) validateDurability(o.durable);
  if (o.timeoutMs !== undefined) validateTimeout(o.timeoutMs, `timeoutMs for task ${id}`);
  if (o.expiresInMs !== undefined && (!Number.isInteger(o.expiresInMs) || o.expiresInMs <= 0)) {
    throw new QueueArgumentError(`expiresInMs=${o.expiresInMs} for task ${id}: expected a whole number of ms > 0`);
  }
  if (o.dedupe !== undefined) validateDedupe(o.dedupe, id);
}

/** Longest dedupe id (characters). */
export const MAX_DEDUPE_ID_LENGTH = 512;
/** Longest dedupe ttl: 10 years. */
export const MAX_DEDUPE_TTL_MS = 10 * 365 * 86_400_000;

/** enqueue's `dedupe` option: `{ id: 1-512 characters of well-formed Unicode, ttlMs?: 1 ms to 10 years }`. */
export function validateDedupe(d: unknown, taskId: string): void {
  const where = ` for task ${taskId}`;
  if (typeof d !== 'object' || d === null || Array.isArray(d))
    throw new QueueArgumentError(`dedupe=${JSON.stringify(d) ?? String(d)}${where}: expected { id, ttlMs? }`);
  const { id, ttlMs, ...rest } = d as { id?: unknown; ttlMs?: unknown };
  const extra = Object.keys(rest);
  if (extra.length > 0)
    throw new QueueArgumentError(`dedupe.${extra[0]}${where}: unknown option; expected { id, ttlMs? }`);
  if (typeof id !== 'string')
    throw new QueueArgumentError(`dedupe.id ${JSON.stringify(id) ?? String(id)}${where}: expected a string`);
  const bad = loneSurrogateAt(id);
  if (id.length === 0 || id.length > MAX_DEDUPE_ID_LENGTH || bad >= 0)
    throw new QueueArgumentError(
      `dedupe.id ${JSON.stringify(id.length > 300 ? id.slice(0, 300) + '…' : id)}${where}: expected 1-${MAX_DEDUPE_ID_LENGTH} characters of well-formed Unicode` +
        (bad >= 0 ? ` (an unpaired UTF-16 surrogate at index ${bad})` : ` (it has ${id.length})`),
    );
  if (
    ttlMs !== undefined &&
    (typeof ttlMs !== 'number' || !Number.isInteger(ttlMs) || ttlMs <= 0 || ttlMs > MAX_DEDUPE_TTL_MS)
  )
    throw new QueueArgumentError(
      `dedupe.ttlMs=${String(ttlMs)}${where}: expected a whole number of ms from 1 to ${MAX_DEDUPE_TTL_MS} (10 years)`,
    );
}

/** A per-attempt deadline: a whole number of ms from 1 to 7 days. */
export function validateTimeout(ms: unknown, what: string): void {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms <= 0 || ms > 604_800_000) {
    throw new QueueArgumentError(
      `${what}=${String(ms)}: expected a whole number of ms > 0 (at most 604800000, 7 days)`,
    );
  }
}

/** A whole number within bounds, for queue options. */
export function validateWhole(v: unknown, what: string, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new QueueArgumentError(`${what}=${String(v)}: expected a whole number from ${min} to ${max}`);
  }
}

/** Checks the lifecycle options of Queue.open (results, timeouts, logs, retention). */
export function validateQueueOptions(o: QueueOptions): void {
  if (o.maxResultBytes !== undefined) validateWhole(o.maxResultBytes, 'maxResultBytes', 2, 64 * 1024 * 1024);
  if (o.defaultTimeoutMs !== undefined) validateTimeout(o.defaultTimeoutMs, 'defaultTimeoutMs');
  if (o.logs?.maxLines !== undefined) validateWhole(o.logs.maxLines, 'logs.maxLines', 1, 100_000);
  if (o.logs?.maxLineBytes !== undefined) validateWhole(o.logs.maxLineBytes, 'logs.maxLineBytes', 64, 1024 * 1024);
  for (const kind of ['completed', 'failed'] as const) {
    const r = o.retention?.[kind];
    if (r === undefined) continue;
    validateWhole(r.maxCount, `retention.${kind}.maxCount`, 0, 1_000_000_000);
    validateWhole(r.maxAgeMs, `retention.${kind}.maxAgeMs`, 0, 10 * 365 * 86_400_000);
  }
}
