/**
 * Base class for every error Slotline raises on purpose. `code` is stable and machine-readable;
 * `message` names the bad value and what was expected. Both cross the IPC boundary; stacks never do.
 */
export class SlotlineError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A setting (environment variable, flag or profile field) that cannot be used as given. */
export class SettingsError extends SlotlineError {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super('invalid-setting', message);
    this.variable = variable;
  }
}

/** The `{ code, message }` shape errors take when they cross a process or network boundary. */
export interface WireError {
  code: string;
  message: string;
}

/** Turns anything thrown into a WireError without leaking a stack trace. */
export function toWireError(err: unknown): WireError {
  if (err instanceof SlotlineError) return { code: err.code, message: err.message };
  if (err instanceof Error) return { code: 'internal', message: err.message };
  return { code: 'internal', message: String(err) };
}
