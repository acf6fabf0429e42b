import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { QueueArgumentError } from '../queue/errors';
import { SCHEMAS_KEY } from '../queue/keys';
import type { RedisHandle } from '../redis/handle';

/**
 * Optional per-queue JSON Schemas for payloads, checked by ajv (draft 2020-12 and earlier, all
 * errors reported). They guard what operators type in the console (the enqueue form and edit
 * and retry); applications validate their own payloads. Stored in `{slotline}:schemas`
 * (queue → schema JSON), so every console shares them.
 */
const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();

/** Largest schema accepted, as JSON text. */
export const MAX_SCHEMA_BYTES = 65_536;

function compile(queue: string, schema: unknown): ValidateFunction {
  const text = JSON.stringify(schema);
  const hit = compiled.get(text);
  if (hit) return hit;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new QueueArgumentError(`the payload schema for queue ${queue} is ${text}: expected a JSON Schema object`);
  }
  if (text.length > MAX_SCHEMA_BYTES) {
    throw new QueueArgumentError(
      `the payload schema for queue ${queue} is ${text.length} bytes: expected at most ${MAX_SCHEMA_BYTES}`,
    );
  }
  try {
    const fn = ajv.compile(schema);
    if (compiled.size > 100) compiled.clear();
    compiled.set(text, fn);
    return fn;
  } catch (e) {
    throw new QueueArgumentError(
      `the payload schema for queue ${queue} is not a valid JSON Schema: ${(e as Error).message}`,
    );
  }
}

/** `payload/to: must be string`, one per ajv error (at most 10). */
function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, 10).map((e) => `payload${e.instancePath || ''}: ${e.message ?? 'is not valid'}`);
}

/** The queue's schema, or null when it has none. */
export async function getPayloadSchema(h: RedisHandle, queue: string): Promise<unknown> {
  const raw = (await h.call('HGET', SCHEMAS_KEY, queue)) as string | null;
  if (raw === null) return null;
  try {
    return JSON.parse(raw);
  } catch {
    throw new QueueArgumentError(`the stored payload schema of queue ${queue} is not JSON: ${raw.slice(0, 200)}`);
  }
}

/** Sets (after checking it compiles) or, with null, removes the queue's schema. */
export async function setPayloadSchema(h: RedisHandle, queue: string, schema: unknown): Promise<void> {
  if (schema === null) {
    await h.call('HDEL', SCHEMAS_KEY, queue);
    return;
  }
  compile(queue, schema);
  await h.call('HSET', SCHEMAS_KEY, queue, JSON.stringify(schema));
}

/** Checks a payload against the queue's schema: the errors, empty when it passes or there is none. */
export async function checkPayload(h: RedisHandle, queue: string, payload: unknown): Promise<string[]> {
  const schema = await getPayloadSchema(h, queue);
  if (schema === null) return [];
  const fn = compile(queue, schema);
  return fn(payload) ? [] : describeErrors(fn.errors);
}

/** Throws QueueArgumentError listing what is wrong when the payload does not match the schema. */
export async function assertPayload(h: RedisHandle, queue: string, payload: unknown): Promise<void> {
  const errors = await checkPayload(h, queue, payload);
  if (errors.length > 0) {
    throw new QueueArgumentError(`the payload does not match the schema of queue ${queue}: ${errors.join('; ')}`);
  }
}
