import { SlotlineError } from '../../shared/errors';
import { QueueArgumentError } from './errors';
import type { Partition } from './queue';
import type { TaskRecord } from './task-record';
import type { AttemptTelemetry } from './telemetry';

/** What a handler gets for one task. */
export interface TaskContext {
  id: string;
  queue: string;
  partition: number;
  payload: unknown;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  /**
   * Aborted when the task is cancelled, at its deadline (timeoutMs), when the lease is lost or
   * the worker stops; long handlers should watch it.
   */
  signal: AbortSignal;
  /**
   * Reports progress: a number 0–100 or a JSON object of at most 4 kB. Writes are coalesced (at
   * most about 4 per second per task); bad values throw QueueArgumentError naming the value and
   * the limit, and nothing is written.
   */
  progress(value: number | Record<string, unknown>): void;
  /**
   * Appends a line to the task's log. The queue keeps the last `logs.maxLines` lines; a line over
   * `logs.maxLineBytes` is truncated and marked `…[truncated N bytes]`. Coalesced like progress.
   */
  log(line: string): void;
  /**
   * Hands the task back to waiting without counting an attempt and holds the queue's starts for
   * `ms` (the 429 case): throws a {@link RateLimitError}, so the handler ends here.
   */
  rateLimit(ms: number): never;
}

/** Runs one task: returning completes it, throwing fails the attempt (retried unless {@link UnrecoverableError}). */
export type TaskHandler = (task: TaskContext) => unknown;

/**
 * Throw this from a handler to fail the task for good, skipping its remaining attempts
 * (`failedReason: 'unrecoverable'`). Its `code` is `unrecoverable`.
 */
export class UnrecoverableError extends SlotlineError {
  constructor(message = 'the handler gave up on this task', options?: { cause?: unknown }) {
    super('unrecoverable', message, options);
  }
}

/**
 * Throw this from a handler (or call `task.rateLimit(ms)`) when a downstream service says "too
 * many requests": the task goes back to waiting without counting an attempt, and every worker of
 * the queue starts nothing for `ms` (its rate grant is kept: the task did start). Its `code` is
 * `rate-limited`.
 */
export class RateLimitError extends SlotlineError {
  readonly ms: number;
  constructor(ms: number, message = `rate limited: starts held for ${ms} ms`) {
    if (!Number.isFinite(ms) || ms <= 0 || ms > 86_400_000)
      throw new QueueArgumentError(`rateLimit(${String(ms)}): expected a number of ms from 1 to 86400000`);
    super('rate-limited', message);
    this.ms = ms;
  }
}

/** Progress and log lines not written yet (sent together, a few times a second per task). */
export interface PendingReport {
  progress?: string;
  lines: string[];
  /** Lines dropped from the buffer before a write (beyond the kept tail): still counted in logCount. */
  dropped: number;
  timer?: NodeJS.Timeout;
  /** The write in flight, so the attempt's end waits for it. */
  inFlight?: Promise<void>;
  lastFlush: number;
}

/** One lease a worker holds: the task, its fencing token and its partition. */
export interface Lease {
  id: string;
  token: string;
  partition: Partition;
  /** Created on first use of the task's signal: most handlers never read it. */
  controller?: AbortController;
  /** Set when the lease was lost before anyone asked for the signal. */
  abortReason?: unknown;
  /** The handler's result as JSON, for the ack ('' or absent: none). */
  result?: string;
  /** The attempt's record, once started. */
  rec?: TaskRecord;
  /** The deadline timer of an attempt with a timeout. */
  deadline?: NodeJS.Timeout;
  /**
   * Set once the attempt's outcome is decided: `finished` when the handler's own success or
   * failure is being written, or why it was ended first (timeout or cancellation, and the
   * handler's outcome is then discarded). Nothing ends a settled attempt a second time, so its
   * slot is given back once.
   */
  settled?: 'finished' | 'timeout' | 'cancelled';
  /** A cancellation seen before the attempt started. */
  cancelPending?: boolean;
  report?: PendingReport;
  /** The attempt's span and metric start, when an OpenTelemetry SDK is registered. */
  otel?: AttemptTelemetry;
  /** The attempt's wait and run latency buckets for the history (history/latency-buckets.ts). */
  latency?: AttemptLatency;
}

/** An attempt's latencies as the ack and fail scripts record them (-1 = not measured). */
export interface AttemptLatency {
  /** When the handler started (performance.now()), for the run latency. */
  startedAt: number;
  waitBucket: number;
  runBucket: number;
}

/** Aborts the task's signal now, or as soon as someone asks for it. */
export function abortLease(l: Lease, reason: unknown): void {
  if (l.controller) l.controller.abort(reason);
  else l.abortReason ??= reason;
}

/** Where a context's progress and log lines go (the executor). */
export interface ReportSink {
  readonly maxLineBytes: number;
  readonly maxLines: number;
  schedule(lease: Lease): void;
}

/** Largest progress object, in bytes of JSON. */
export const MAX_PROGRESS_BYTES = 4096;

/** `line` cut to at most `max` bytes of UTF-8 (on a character boundary), marked when cut. */
export function truncateLine(line: string, max: number): string {
  const bytes = Buffer.byteLength(line);
  if (bytes <= max) return line;
  let cut = Buffer.from(line).subarray(0, max).toString('utf8');
  // A multi-byte character split at the cut decodes as U+FFFD: drop it.
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}…[truncated ${bytes - Buffer.byteLength(cut)} bytes]`;
}

/** The progress value as JSON, or a QueueArgumentError naming the value and the limit. */
export function encodeProgress(id: string, value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value > 100)
      throw new QueueArgumentError(`task ${id}: progress ${value} is out of range: expected a number from 0 to 100`);
    return String(value);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new QueueArgumentError(
      `task ${id}: progress ${String(value)} (${Array.isArray(value) ? 'array' : typeof value}): expected a number from 0 to 100 or a JSON object`,
    );
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch (e) {
    throw new QueueArgumentError(`task ${id}: progress object is not JSON-serialisable (${(e as Error).message})`);
  }
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_PROGRESS_BYTES)
    throw new QueueArgumentError(
      `task ${id}: progress object is ${bytes} bytes of JSON, over the limit of ${MAX_PROGRESS_BYTES} bytes`,
    );
  return json;
}

/** The handler's view of one task; a class so every context shares one shape. */
export class Context implements TaskContext {
  constructor(
    readonly id: string,
    readonly queue: string,
    readonly partition: number,
    readonly payload: unknown,
    readonly attempt: number,
    readonly maxAttempts: number,
    private readonly lease: Lease,
    private readonly sink: ReportSink,
  ) {}

  progress(value: number | Record<string, unknown>): void {
    const json = encodeProgress(this.id, value);
    const r = (this.lease.report ??= { lines: [], dropped: 0, lastFlush: 0 });
    r.progress = json;
    this.sink.schedule(this.lease);
  }

  log(line: string): void {
    if (typeof line !== 'string')
      throw new QueueArgumentError(`task ${this.id}: log line ${String(line)} (${typeof line}): expected a string`);
    const r = (this.lease.report ??= { lines: [], dropped: 0, lastFlush: 0 });
    r.lines.push(truncateLine(line, this.sink.maxLineBytes));
    // Only the tail is kept anyway: a burst between two writes never buffers more than that.
    if (r.lines.length > this.sink.maxLines) r.dropped += r.lines.splice(0, r.lines.length - this.sink.maxLines).length;
    this.sink.schedule(this.lease);
  }

  rateLimit(ms: number): never {
    throw new RateLimitError(ms);
  }

  get signal(): AbortSignal {
    const l = this.lease;
    if (!l.controller) {
      l.controller = new AbortController();
      if (l.abortReason !== undefined) l.controller.abort(l.abortReason);
    }
    return l.controller.signal;
  }
}
