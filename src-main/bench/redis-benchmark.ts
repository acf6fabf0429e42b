import { execFile } from 'node:child_process';

/** One redis-benchmark figure: requests per second for a command, plain or pipelined. */
export interface RawFigure {
  test: string;
  pipeline: number;
  rps: number;
}

/** Parses `redis-benchmark -q` output (`SET: 98039.22 requests per second, p50=…`). */
export function parseRedisBenchmark(out: string, pipeline: number): RawFigure[] {
  const figures: RawFigure[] = [];
  for (const line of out.split(/[\r\n]+/)) {
    const m = /^([A-Z_]+)(?: \([^)]*\))?: ([\d.]+) requests per second/.exec(line.trim());
    if (m) figures.push({ test: m[1]!, pipeline, rps: Number(m[2]) });
  }
  return figures;
}

/** Runs redis-benchmark against 127.0.0.1:port for SET, LPUSH and RPOP, plain and with -P 16. */
export async function runRedisBenchmark(port: number, requests: number): Promise<RawFigure[]> {
  const out: RawFigure[] = [];
  for (const pipeline of [1, 16]) {
    const args = [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-t',
      'set,lpush,rpop',
      '-n',
      String(requests),
      '-c',
      '50',
      '-P',
      String(pipeline),
      '-q',
    ];
    const text = await new Promise<string>((resolve, reject) =>
      execFile('redis-benchmark', args, { timeout: 120000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    out.push(...parseRedisBenchmark(text, pipeline));
  }
  return out;
}
