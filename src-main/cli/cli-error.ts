import { SlotlineError } from '../../shared/errors';

/** A mistake in how the CLI was called; printed without a stack, exit code 2. */
export class UsageError extends SlotlineError {
  constructor(message: string) {
    super('usage', message);
  }
}
