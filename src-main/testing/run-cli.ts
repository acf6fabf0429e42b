import type { CliIo } from '../cli/io';
import { main } from '../cli/main';
import { redisTarget } from './redis-target';

/** --url or --cluster for the suite's server, as a user would type them. */
export function connectionArgs(): string[] {
  const s = redisTarget().settings;
  if (s.mode === 'single') return ['--url', s.url!];
  return ['--cluster', s.nodes!.map((n) => `${n.host}:${n.port}`).join(',')];
}

/**
 * Runs the CLI in this process against the suite's Redis, collecting what it prints; prompts
 * are answered with `answer` and recorded in `asked`.
 */
export async function runCli(argv: string[], answer = false) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    confirm: async (q) => (asked.push(q), answer),
  };
  const code = await main([...argv, ...connectionArgs()], io);
  return { code, out: out.join('\n'), err: err.join('\n'), asked };
}
