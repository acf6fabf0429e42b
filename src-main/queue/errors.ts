import { SlotlineError } from '../../shared/errors';
import type { Task } from '../../shared/types/queue';

/** The task's lease is not this worker's any more (expired and re-leased, or released). Code -6. */
export class LeaseLostError extends SlotlineError {
  constructor(readonly taskId: string) {
    super(
      'lease-lost',
      `task ${taskId}: the lease is no longer held by this worker (it expired or was re-leased); nothing was changed`,
    );
  }
}

/** The task no longer exists (deleted or purged while leased). Code -2. */
export class TaskMissingError extends SlotlineError {
  constructor(readonly taskId: string) {
    super('task-missing', `task ${taskId} no longer exists (deleted or purged while it was running)`);
  }
}

/**
 * Fewer replicas acknowledged a durable write than asked (or WAIT itself failed); the write is on
 * the master.
 */
export class DurabilityError extends SlotlineError {
  constructor(
    readonly what: string,
    readonly acked: number,
    readonly wanted: number,
    readonly timeoutMs: number,
    readonly waitError?: Error,
  ) {
    super(
      'durability-timeout',
      `${what}: ${waitError ? `WAIT failed (${waitError.message})` : `WAIT got ${acked} of ${wanted} replica acknowledgement(s) within ${timeoutMs} ms`}. ` +
        'The write is on the master and may be lost if it fails over before replicating; retrying with the same id is safe',
    );
  }
}

/** A queue option or call argument that cannot be used. */
export class QueueArgumentError extends SlotlineError {
  constructor(message: string) {
    super('invalid-argument', message);
  }
}

/** Data in Redis that is not what Slotline wrote (wrong key type, unparsable record). */
export class MalformedDataError extends SlotlineError {
  constructor(message: string) {
    super('malformed-data', message);
  }
}

/** No partition holds a task with this id (waitFor, cancel, getLogs). */
export class TaskNotFoundError extends SlotlineError {
  constructor(
    readonly taskId: string,
    readonly queue: string,
  ) {
    super('task-not-found', `task ${JSON.stringify(taskId)} does not exist in queue ${queue}`);
  }
}

/** waitFor / enqueueAndWait: the task did not finish within the wait's timeout (it may still run). */
export class WaitTimeoutError extends SlotlineError {
  constructor(
    readonly taskId: string,
    readonly timeoutMs: number,
    readonly lastState?: string,
  ) {
    super(
      'wait-timeout',
      `task ${taskId} did not finish within ${timeoutMs} ms${lastState ? ` (last seen ${lastState})` : ''}; it may still run`,
    );
  }
}

/** enqueueAndWait: the task ended failed or cancelled. */
export class TaskFailedError extends SlotlineError {
  readonly lastError: string | undefined;
  readonly reason: string | undefined;
  constructor(readonly task: Task) {
    const reason = task.state === 'cancelled' ? 'cancelled' : (task.failedReason ?? 'error');
    super(
      'task-failed',
      `task ${task.id} ended ${task.state}${task.state === 'failed' ? ` (${reason})` : ''}${task.lastError ? `: ${task.lastError}` : ''}`,
    );
    this.lastError = task.lastError;
    this.reason = reason;
  }
}

/** An attempt ran past its deadline (the task's timeoutMs or the queue's defaultTimeoutMs). */
export class TimeoutError extends SlotlineError {
  constructor(
    readonly taskId: string,
    readonly timeoutMs: number,
  ) {
    super('task-timeout', `task ${taskId}: the attempt ran past its timeout of ${timeoutMs} ms`);
  }
}

/** A handler's return value is larger than the queue's maxResultBytes. */
export class ResultTooLargeError extends SlotlineError {
  constructor(
    readonly taskId: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      'result-too-large',
      `task ${taskId}: the handler's result is ${bytes} bytes of JSON, over the limit of ${limit} bytes (maxResultBytes)`,
    );
  }
}

/** A handler's return value cannot be stored as JSON. */
export class ResultNotSerializableError extends SlotlineError {
  constructor(
    readonly taskId: string,
    detail: string,
  ) {
    super(
      'result-not-serializable',
      `task ${taskId}: the handler's result cannot be stored as JSON (${detail}); return plain JSON data`,
    );
  }
}
