import { z } from 'zod';

/**
 * Checks for values that arrive from a renderer or a browser, shared by the contract's schemas:
 * strings that are well-formed Unicode and of bounded length, and task payloads that are plain
 * JSON of bounded depth. Each refusal names what was expected.
 */

/** An unpaired UTF-16 surrogate half: Redis would store it as U+FFFD, so two such strings collide. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` holds no lone surrogate half. */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** A string of `min` to `max` UTF-16 units that is well-formed Unicode. */
export function wireText(max: number, min = 0) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine(isWellFormed, 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate half)');
}

/** A queue name as the contract takes it (the queue checks it again and names a bad one). */
export const QueueName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:-]+$/, 'queue names use letters, digits and . _ : -');

/** A request without fields; an unknown field is refused. */
export const Empty = z.object({}).strict();

/** Deepest nesting a task payload may have; JSON this deep is a mistake or an attack, not data. */
export const MAX_PAYLOAD_DEPTH = 64;

/**
 * Why `value` cannot be a task payload, or undefined when it can: plain JSON values (no BigInt,
 * function or symbol, no non-finite number) nested at most MAX_PAYLOAD_DEPTH deep. Walks with an
 * explicit stack, so neither depth nor a cycle can overflow the call stack.
 */
export function payloadProblem(value: unknown): string | undefined {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > MAX_PAYLOAD_DEPTH)
      return `nests deeper than ${MAX_PAYLOAD_DEPTH} levels: expected at most ${MAX_PAYLOAD_DEPTH}`;
    const t = typeof v;
    if (t === 'bigint' || t === 'function' || t === 'symbol') return `holds a ${t}: expected JSON values only`;
    if (t === 'number' && !Number.isFinite(v)) return `holds the number ${String(v)}: expected a finite number`;
    if (t === 'string' && !isWellFormed(v as string))
      return 'holds a string with a lone UTF-16 surrogate half: expected well-formed Unicode text';
    if (v !== null && t === 'object') for (const child of Object.values(v as object)) stack.push([child, depth + 1]);
  }
  return undefined;
}

/** A task payload: anything JSON can carry, within payloadProblem's limits. */
export const TaskPayload = z.unknown().superRefine((v, ctx) => {
  const problem = payloadProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `payload ${problem}` });
});

/** A cursor as this server hands them out: base64url text. What it decodes to is checked where it is read. */
export const Cursor = z
  .string()
  .max(1000)
  .regex(/^[A-Za-z0-9_-]*$/, 'cursors are the opaque text a previous page returned: pass nextCursor back as it came');
