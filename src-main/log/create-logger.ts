/** Log levels in increasing severity. SLOTLINE_LOG sets the minimum (default `info`; `silent` mutes). */
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LEVELS)[number];

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

const sink = (line: string): void => {
  process.stderr.write(line + '\n');
};

function threshold(): number {
  const v = (process.env.SLOTLINE_LOG ?? 'info').toLowerCase();
  if (v === 'silent') return LEVELS.length;
  const i = LEVELS.indexOf(v as LogLevel);
  return i === -1 ? 1 : i;
}

/** A namespaced logger: `createLogger('topology').warn('…')` prints `[topology] warn …` to stderr. */
export function createLogger(namespace: string): Logger {
  const emit = (level: LogLevel) => (msg: string) => {
    if (LEVELS.indexOf(level) < threshold()) return;
    sink(`${new Date().toISOString()} [${namespace}] ${level} ${msg}`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
