/**
 * Cost per task of the queue-wide limiter: the same saturated queue drained by one worker
 * (concurrency 50) with no limit, with a rate limit that never binds, and with a concurrency cap
 * that never binds. Prints tasks/s and Redis commands per task (INFO commandstats deltas).
 * Usage: npx tsx scripts/limit-cost.ts redis://127.0.0.1:PORT [tasks]
 */
import { createConnection } from '../src-main/redis/create-connection';
import { Queue } from '../src-main/queue/queue';
import { Worker } from '../src-main/queue/worker';

const url = process.argv[2] ?? 'redis://127.0.0.1:6379';
const total = Number(process.argv[3] ?? 20000);

/** Script calls (EVALSHA/EVAL) and every command, from INFO commandstats. */
async function calls(h: Awaited<ReturnType<typeof createConnection>>): Promise<[number, number]> {
  const info = String(await h.call('INFO', 'commandstats'));
  let all = 0;
  let scripts = 0;
  for (const m of info.matchAll(/cmdstat_(\w+):calls=(\d+)/g)) {
    all += Number(m[2]);
    if (m[1] === 'evalsha' || m[1] === 'eval') scripts += Number(m[2]);
  }
  return [scripts, all];
}

async function run(name: string, setup: (q: Queue) => Promise<unknown>): Promise<void> {
  const h = await createConnection({ mode: 'single', url, tls: false });
  const q = await Queue.open(h, `cost-${name}-${Date.now()}`, { partitions: 1 });
  await setup(q);
  for (let i = 0; i < total; i += 1000)
    await q.enqueueBulk(Array.from({ length: 1000 }, (_, j) => ({ payload: { i: i + j } })));
  let done = 0;
  const c0 = await calls(h);
  const t0 = performance.now();
  const w = new Worker(q, () => void done++, { concurrency: 50, removeOnComplete: true });
  w.start();
  while (done < total) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - t0;
  await w.stop();
  const c1 = await calls(h);
  console.log(
    `${name.padEnd(12)} ${Math.round((total / ms) * 1000)} tasks/s  ${((c1[0] - c0[0]) / total).toFixed(3)} script calls/task  ${((c1[1] - c0[1]) / total).toFixed(3)} commands/task`,
  );
  await h.close();
}

await run('no-limit', async () => undefined);
await run('rate-limit', (q) => q.setRateLimit({ max: 1_000_000, perMs: 1000 }));
await run('concurrency', (q) => q.setConcurrency(1_000_000));
await run('no-limit-2', async () => undefined);
await run('rate-limit-2', (q) => q.setRateLimit({ max: 1_000_000, perMs: 1000 }));
await run('concurrency-2', (q) => q.setConcurrency(1_000_000));
