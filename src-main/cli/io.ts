/** Where a command writes; tests capture it. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Asks a yes/no question on a terminal; false when there is none. */
  confirm(question: string): Promise<boolean>;
}

export const processIo: CliIo = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  async confirm(question) {
    if (!process.stdin.isTTY) return false;
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`${question} [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  },
};

/**
 * A bulk operation's onProgress that prints `verb: done/total` to stderr at most once a second,
 * so a long purge or cancel shows it is moving without flooding the terminal.
 */
export function progressPrinter(io: CliIo, verb: string): (p: { done: number; total: number }) => void {
  let last = 0;
  return (p) => {
    if (Date.now() - last > 1000) {
      last = Date.now();
      io.err(`${verb}: ${p.done}/${p.total}`);
    }
  };
}
