import type { Backoff, FailedReason, Task, TaskAttempt, TaskState } from '../../shared/types/queue';
import { TASK_STATES } from '../../shared/types/queue';

/** What a task's entry in the partition's data hash holds (JSON). The payload is kept as text. */
export interface TaskRecord {
  id: string;
  /** The payload's JSON text, stored verbatim so no Lua JSON round trip can change it. */
  payload: string;
  attemptsMade: number;
  maxAttempts: number;
  backoff?: Backoff;
  priority: number;
  stalls: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  requeuedAt?: number;
  /**
   * When the task could run again after its creation (server ms): set by a retry (its backoff's
   * end), a requeue and a stall, or at enqueue (the producer's ms) when it was delayed. The wait
   * latency of the history counts from it (else from createdAt).
   */
  readyAt?: number;
  lastError?: string;
  lastStack?: string;
  workerId?: string;
  /** Fencing token of the attempt that last finished the task, and its script code: a re-sent ack or fail recognises itself by these. */
  lastToken?: string;
  lastCode?: number;
  history?: TaskAttempt[] | Record<string, never>;
  /** Payload edits by operators (edit and retry): when, who, and the previous payload's JSON text. */
  edits?: Array<{ at: number; by: string; previous: string }> | Record<string, never>;
  /** The handler's return value as JSON text, verbatim like the payload. */
  result?: string;
  /** Last progress reported: a number or an object (cjson may write {} for an empty one). */
  progress?: number | Record<string, unknown>;
  logCount?: number;
  failedReason?: FailedReason;
  cancelledAt?: number;
  cancelRequested?: boolean;
  timeoutMs?: number;
  expiresAt?: number;
  /**
   * The producer's trace context (OpenTelemetry, see telemetry.ts): what the application's
   * propagator injected at enqueue, W3C `traceparent` and `tracestate` usually. Absent when no
   * SDK traces or no propagator wrote anything, so a record costs no byte more then.
   */
  tc?: Record<string, string>;
}

export function newRecord(o: {
  id: string;
  payload: unknown;
  maxAttempts: number;
  backoff?: Backoff;
  priority: number;
  now: number;
  timeoutMs?: number;
  tc?: Record<string, string>;
  /** Delay (ms) of a delayed task: its readyAt is `now` plus this. */
  delayMs?: number;
}): TaskRecord {
  const text = JSON.stringify(o.payload === undefined ? null : o.payload);
  return {
    id: o.id,
    payload: text,
    attemptsMade: 0,
    maxAttempts: o.maxAttempts,
    ...(o.backoff ? { backoff: o.backoff } : {}),
    priority: o.priority,
    stalls: 0,
    createdAt: o.now,
    // Before history: reserve-11.lua's fast path needs `"history":[]}` last.
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.tc ? { tc: o.tc } : {}),
    ...(o.delayMs !== undefined && o.delayMs > 0 ? { readyAt: o.now + o.delayMs } : {}),
    history: [],
  };
}

/** Parses a stored record; null when it is not valid JSON of the right shape. */
export function parseRecord(raw: string): TaskRecord | null {
  try {
    const r = JSON.parse(raw) as TaskRecord;
    if (typeof r !== 'object' || r === null || typeof r.payload !== 'string') return null;
    return r;
  } catch {
    return null;
  }
}

/** The payload of a record; the raw text when it does not parse. */
export function parsePayload(text: string): { payload: unknown; ok: boolean } {
  try {
    return { payload: JSON.parse(text), ok: true };
  } catch {
    return { payload: text, ok: false };
  }
}

const STATE_BY_INDEX: Array<TaskState | undefined> = [undefined, ...TASK_STATES];

/** Turns a stored record into the Task the API and the console show; corrupt records are kept raw. */
export function toTask(o: {
  raw: string;
  id: string;
  queue: string;
  partition: number;
  state: TaskState | number;
  score?: number;
}): Task {
  const state = typeof o.state === 'number' ? (STATE_BY_INDEX[o.state] ?? 'failed') : o.state;
  const rec = parseRecord(o.raw);
  if (!rec) {
    return {
      id: o.id,
      queue: o.queue,
      partition: o.partition,
      state,
      payload: null,
      raw: o.raw,
      corrupt: true,
      attemptsMade: 0,
      maxAttempts: 0,
      priority: 0,
      stalls: 0,
      createdAt: 0,
      lastError: 'the stored task record is not valid JSON; it was moved to failed and kept as it is',
      history: [],
      logCount: 0,
      failedReason: 'corrupt',
    };
  }
  const p = parsePayload(rec.payload);
  return {
    id: o.id,
    queue: o.queue,
    partition: o.partition,
    state,
    payload: p.payload,
    ...(p.ok ? {} : { raw: rec.payload, corrupt: true }),
    attemptsMade: rec.attemptsMade ?? 0,
    maxAttempts: rec.maxAttempts ?? 1,
    ...(rec.backoff ? { backoff: rec.backoff } : {}),
    priority: rec.priority ?? 0,
    stalls: rec.stalls ?? 0,
    createdAt: rec.createdAt ?? 0,
    ...(state === 'delayed' && o.score !== undefined ? { runAt: o.score } : {}),
    ...(rec.startedAt !== undefined ? { startedAt: rec.startedAt } : {}),
    ...(rec.finishedAt !== undefined ? { finishedAt: rec.finishedAt } : {}),
    ...(rec.lastError !== undefined ? { lastError: rec.lastError } : {}),
    ...(rec.lastStack !== undefined ? { lastStack: rec.lastStack } : {}),
    ...(rec.workerId !== undefined ? { workerId: rec.workerId } : {}),
    // Lua's cjson writes an empty array as {}.
    history: Array.isArray(rec.history) ? rec.history : [],
    ...(rec.result !== undefined ? { result: parsePayload(rec.result).payload } : {}),
    ...(rec.progress !== undefined ? { progress: rec.progress } : {}),
    logCount: rec.logCount ?? 0,
    ...(rec.failedReason !== undefined ? { failedReason: rec.failedReason } : {}),
    ...(rec.cancelledAt !== undefined ? { cancelledAt: rec.cancelledAt } : {}),
    ...(rec.cancelRequested ? { cancelRequested: true } : {}),
    ...(rec.timeoutMs !== undefined ? { timeoutMs: rec.timeoutMs } : {}),
    ...(rec.expiresAt !== undefined ? { expiresAt: rec.expiresAt } : {}),
    ...(Array.isArray(rec.edits) && rec.edits.length > 0
      ? { edits: rec.edits.map((e) => ({ at: e.at, by: e.by, previous: parsePayload(e.previous).payload })) }
      : {}),
  };
}

/**
 * The delay before retry number `attempt` (1 = the first retry). Exponential backoff doubles per
 * attempt up to maxDelayMs (default 1 h), with ±jitter/2 of randomness (default 0.2).
 */
export function backoffDelay(
  backoff: Backoff | undefined,
  attempt: number,
  random: () => number = Math.random,
): number {
  if (!backoff) return 0;
  if (backoff.type === 'fixed') return backoff.delayMs;
  const cap = backoff.maxDelayMs ?? 3_600_000;
  const base = Math.min(cap, backoff.delayMs * 2 ** Math.max(0, attempt - 1));
  const jitter = backoff.jitter ?? 0.2;
  return Math.max(0, Math.round(base * (1 - jitter / 2 + jitter * random())));
}
