import { SlotlineError } from '../../shared/errors';

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
