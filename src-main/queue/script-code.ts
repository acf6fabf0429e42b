import type { SlotlineError } from '../../shared/errors';
import { LeaseLostError, TaskMissingError } from './errors';

/**
 * Every code the queue's scripts answer per task, in one enum (the Lua headers name them too).
 * Negative codes are refusals, mapped to typed errors by `scriptError`.
 */
export enum ScriptCode {
  /** ack: completed; extend: renewed; release: given back. */
  Ok = 1,
  /** ack: this token completed the task already (a re-sent ack whose reply was lost). */
  AlreadyCompleted = 4,
  /** ack: its cancellation was asked while it ran: ended cancelled, the outcome discarded. */
  Cancelled = 5,
  /** fail: back to waiting at once. */
  RetriedNow = 11,
  /** fail: back after its backoff (delayed). */
  RetriedLater = 12,
  /** fail: no attempts left, or unrecoverable: moved to failed. */
  FailedForGood = 13,
  /** fail: moved to failed with its record kept as it was, since Lua cannot decode it. */
  FailedUndecodable = 14,
  /** fail: its cancellation was asked while it ran: ended cancelled, not retried. */
  FailCancelled = 15,
  /** The task no longer exists (deleted or purged while leased). */
  TaskMissing = -2,
  /** The lease is not this token's (expired and re-leased, or released). */
  LeaseNotOwned = -6,
}

/** The typed error of a refusal code, or null for a success code. */
export function scriptError(code: number, taskId: string): SlotlineError | null {
  if (code === ScriptCode.LeaseNotOwned) return new LeaseLostError(taskId);
  if (code === ScriptCode.TaskMissing) return new TaskMissingError(taskId);
  return null;
}

/** True for the codes with which a fail ended the task for good. */
export function failedForGood(code: number): boolean {
  return code === ScriptCode.FailedForGood || code === ScriptCode.FailedUndecodable;
}
