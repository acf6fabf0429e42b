import type { Partition } from './queue';

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
   * Reports progress: a number 0–100 or a JSON object of at most 4 kB. Writes are coalesced (a
   * few per second per task); bad values throw QueueArgumentError naming the value and the limit.
   */
  progress(value: number | Record<string, unknown>): void;
  /** Appends a line to the task's log (over-long lines are truncated and marked). */
  log(line: string): void;
}

/** Runs one task: returning completes it, throwing fails the attempt (retried unless {@link UnrecoverableError}). */
export type TaskHandler = (task: TaskContext) => unknown;

/** Throw this from a handler to fail the task for good, skipping its remaining attempts. */
export class UnrecoverableError extends Error {}

/** One lease a worker holds: the task, its fencing token and its partition. */
export interface Lease {
  id: string;
  token: string;
  partition: Partition;
  /** Created on first use of the task's signal: most handlers never read it. */
  controller?: AbortController;
  /** Set when the lease was lost before anyone asked for the signal. */
  abortReason?: unknown;
}

/** Aborts the task's signal now, or as soon as someone asks for it. */
export function abortLease(l: Lease, reason: unknown): void {
  if (l.controller) l.controller.abort(reason);
  else l.abortReason ??= reason;
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
  ) {}

  progress(value: number | Record<string, unknown>): void {
    void value;
    throw new Error('task.progress: not implemented yet');
  }

  log(line: string): void {
    void line;
    throw new Error('task.log: not implemented yet');
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
