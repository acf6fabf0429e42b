import type { CliIo } from './io';

/** How the CLI treats an error that nothing caught. */
export interface SafetyNetOptions {
  /** The command's name, for the log line. */
  command: string;
  /**
   * True for the long-running servers (`serve`, `exporter`): log and keep serving, because one
   * request's slip (a bug like a throwing listener) must not take the console down for every
   * other user. False for one-shot commands: log one clear line and exit 1, as their result is
   * no longer trustworthy.
   */
  keepRunning: boolean;
  io: CliIo;
  /** A server still exits when this many uncaught errors happen within a minute. Default 20. */
  maxPerMinute?: number;
  /** Default process.exit. */
  exit?: (code: number) => void;
}

/**
 * Installs the process-wide `uncaughtException` / `unhandledRejection` listeners. Each error is
 * logged as one line (the stack only with SLOTLINE_DEBUG set), never sent to a client. A server
 * that keeps failing is in a state nobody understands, so past `maxPerMinute` it exits rather
 * than limp on. Returns the function that removes the listeners.
 */
export function installSafetyNet(o: SafetyNetOptions): () => void {
  const exit = o.exit ?? ((code: number) => process.exit(code));
  const max = o.maxPerMinute ?? 20;
  let recent: number[] = [];
  const onError = (kind: string) => (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    const now = Date.now();
    recent = [...recent.filter((t) => now - t < 60_000), now];
    if (!o.keepRunning) {
      o.io.err(`slotline ${o.command}: ${kind}: ${message}`);
      if (process.env.SLOTLINE_DEBUG && e instanceof Error) o.io.err(e.stack ?? '');
      return exit(1);
    }
    o.io.err(`slotline ${o.command}: ${kind} (still running): ${message}`);
    if (process.env.SLOTLINE_DEBUG && e instanceof Error) o.io.err(e.stack ?? '');
    if (recent.length >= max) {
      o.io.err(`slotline ${o.command}: ${recent.length} uncaught errors within a minute: exiting`);
      exit(1);
    }
  };
  const onException = onError('uncaught error');
  const onRejection = onError('unhandled promise rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
