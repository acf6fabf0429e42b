import { UsageError } from '../cli-error';
import type { CliIo } from '../io';

/** `slotline bench [--quick] [--check] [--out FILE] [--scale] …`: the runner behind `npm run bench`. */
export async function benchCommand(argv: string[], io: CliIo): Promise<number> {
  const { runBench } = await import('../../bench/run-bench');
  try {
    return await runBench(argv, (line) => io.out(line));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))
      throw new UsageError(`slotline bench: ${(e as Error).message}. Run slotline bench --help`);
    throw e;
  }
}
