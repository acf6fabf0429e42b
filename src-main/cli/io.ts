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
