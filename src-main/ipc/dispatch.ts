import type { z } from 'zod';
import { channels, isChannel, type IpcResult } from '../../shared/ipc/contract';
import { toWireError, type WireError } from '../../shared/errors';
import { redactSecrets } from '../../shared/settings/redact';
import { createLogger } from '../log/create-logger';
import type { AuditCall } from '../app/audit-log';
import type { HandlerTable } from './handler-types';

const log = createLogger('ipc');

/** Longest error message sent back; a huge request must not come back as a huge error. */
const MAX_MESSAGE = 500;

export interface DispatchOptions {
  /**
   * Refuse every `mutates: true` channel: Redis writes, profile writes and connection changes.
   * Read on each call, so it can change.
   */
  readOnly: boolean | (() => boolean);
  /** Secrets to hide in error messages (the current password). Credentials in URLs are always hidden. */
  secrets?: () => Array<string | undefined>;
  /**
   * Called once for each finished call of a mutating channel (success or failure, not a refusal
   * before the handler ran): what the audit log records. Must not throw.
   */
  audit?: (call: AuditCall) => void;
}

/** Runs one request from any transport; always resolves to an IpcResult, never throws. */
export type Dispatch = (channel: unknown, rawRequest: unknown) => Promise<IpcResult<unknown>>;

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

function describeChannel(channel: unknown): string {
  if (typeof channel !== 'string') return `a ${channel === null ? 'null' : typeof channel}`;
  return JSON.stringify(channel.length > 60 ? `${channel.slice(0, 60)}…` : channel);
}

/** Errors that come from a bug or an unexpected value, not from Redis or a refused argument. */
function isProgrammingError(e: unknown): e is Error {
  return (
    e instanceof TypeError ||
    e instanceof RangeError ||
    e instanceof ReferenceError ||
    e instanceof SyntaxError ||
    e instanceof URIError
  );
}

/** `queue:tasks: limit: Too big: expected number to be <=500; state: …` — names each bad field. */
function describeIssues(channel: string, error: z.ZodError): string {
  const parts = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(request)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${channel}: ${parts.join('; ')}${more}`;
}

/**
 * Wraps the handler table with everything a request must pass through, for every transport:
 * a known channel name, the read-only rule, the contract's request schema, and its response
 * schema. Anything thrown becomes `{ code, message }` with secrets redacted and no stack.
 */
export function createDispatch(table: HandlerTable, options: DispatchOptions): Dispatch {
  const readOnly = typeof options.readOnly === 'function' ? options.readOnly : () => options.readOnly as boolean;
  const fail = (error: WireError): IpcResult<never> => ({ ok: false, error });

  return async (channel, rawRequest) => {
    if (!isChannel(channel)) {
      return fail({
        code: 'invalid-request',
        message: `unknown channel ${describeChannel(channel)}: expected one of the contract's channels`,
      });
    }
    const spec = channels[channel];
    if (spec.mutates && readOnly()) {
      return fail({
        code: 'read-only',
        message: `${channel} is refused: this console is read-only, and ${channel} changes what every viewer shares (Redis data, saved profiles or the connection)`,
      });
    }
    const parsed = spec.request.safeParse(rawRequest === undefined ? {} : rawRequest);
    if (!parsed.success) return fail({ code: 'invalid-request', message: clip(describeIssues(channel, parsed.error)) });

    const secrets = () => {
      const fromRequest = (rawRequest as { password?: unknown } | null)?.password;
      return [...(options.secrets?.() ?? []), typeof fromRequest === 'string' ? fromRequest : undefined];
    };
    let data: unknown;
    const started = performance.now();
    const audit = spec.mutates ? options.audit : undefined;
    try {
      const handler = table[channel] as (req: unknown) => Promise<unknown>;
      data = await handler(parsed.data);
      audit?.({ channel, request: parsed.data, response: data, durationMs: performance.now() - started });
    } catch (e) {
      const w = toWireError(e);
      const message = clip(redactSecrets(w.message, secrets()));
      audit?.({
        channel,
        request: parsed.data,
        error: `${w.code}: ${message}`,
        durationMs: performance.now() - started,
      });
      if (isProgrammingError(e)) {
        // A TypeError and its kin mean a value reached code that did not expect it: the text
        // ("Cannot read properties of undefined") says nothing to the caller and names internals.
        log.error(`${channel} failed on an internal error: ${e.name}: ${message}`);
        return fail({
          code: 'internal',
          message: `${channel} failed on an internal error (logged on the server): a value in the request was not one it could handle`,
        });
      }
      if (w.code === 'internal') log.warn(`${channel} failed: ${message}`);
      return fail({ code: w.code, message });
    }
    const checked = spec.response.safeParse(data);
    if (!checked.success) {
      log.error(`${channel} returned a response outside the contract: ${describeIssues(channel, checked.error)}`);
      return fail({ code: 'invalid-response', message: `${channel} produced a response outside the contract` });
    }
    return { ok: true, data: checked.data };
  };
}
