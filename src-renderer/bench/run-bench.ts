import { BENCH_VIEWS, type BenchView } from './BenchDashboard';
import { frameStats, quantile, type FrameStats } from './frame-stats';
import type { prepareStream, StreamOptions } from './synthetic-stream';

export interface BenchOptions extends StreamOptions {
  /** Seconds measured, after `warmupSeconds` of stream that are not. */
  seconds: number;
  warmupSeconds: number;
  views: BenchView[];
}

export interface BenchResult extends FrameStats {
  options: BenchOptions;
  ticks: number;
  /** Main-thread ms per stream tick (store update + React render + commit), median and max. */
  tickMedianMs: number;
  tickMaxMs: number;
  /** Long tasks (> 50 ms) seen while measuring, if the browser reports them. */
  longTasks: number | null;
  longTaskTotalMs: number | null;
  /** rAF callbacks per second with nothing changing on screen: the display's refresh cap. */
  idleFps: number;
  userAgent: string;
}

/** Options from the page's query string, e.g. `?seconds=20&masters=12&ranges=2048`. */
export function benchOptions(search: string): BenchOptions {
  const q = new URLSearchParams(search);
  const num = (name: string, fallback: number) => {
    const value = Number(q.get(name) ?? fallback);
    if (!Number.isFinite(value) || value < 0) throw new Error(`?${name}=${q.get(name)}: expected a number >= 0`);
    return value;
  };
  const views = (q.get('views') ?? BENCH_VIEWS.join(',')).split(',') as BenchView[];
  const unknown = views.filter((v) => !BENCH_VIEWS.includes(v));
  if (unknown.length) throw new Error(`?views=${unknown.join(',')}: expected some of ${BENCH_VIEWS.join(',')}`);
  return {
    views,
    seconds: num('seconds', 20),
    warmupSeconds: num('warmup', 3),
    masters: num('masters', 3),
    ranges: num('ranges', 3),
    queues: num('queues', 20),
    promoteEvery: num('promoteEvery', 5),
    tickMs: num('tickMs', 1000),
  };
}

function recordFrames(ms: number): Promise<number[]> {
  return new Promise((resolve) => {
    const stamps: number[] = [];
    const frame = (t: number) => {
      stamps.push(t);
      if (t - stamps[0]! < ms) requestAnimationFrame(frame);
      else resolve(stamps);
    };
    requestAnimationFrame(frame);
  });
}

function observeLongTasks(): () => { count: number; totalMs: number } | null {
  if (!PerformanceObserver.supportedEntryTypes?.includes('longtask')) return () => null;
  let count = 0;
  let totalMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      count++;
      totalMs += entry.duration;
    }
  });
  observer.observe({ type: 'longtask' });
  return () => {
    observer.disconnect();
    return { count, totalMs };
  };
}

/** Plays the prepared stream and measures frames while it runs (after a warm-up that is not measured). */
export async function runBench(stream: ReturnType<typeof prepareStream>, options: BenchOptions): Promise<BenchResult> {
  // The page has settled (first requests answered) before the idle rate is taken.
  await new Promise((r) => setTimeout(r, 1000));
  const idle = frameStats(await recordFrames(2000));
  stream.start();
  await new Promise((r) => setTimeout(r, options.warmupSeconds * 1000));
  const skip = stream.costs().length;
  const longTasks = observeLongTasks();
  const stamps = await recordFrames(options.seconds * 1000);
  const tasks = longTasks();
  stream.stop();
  const costs = stream
    .costs()
    .slice(skip)
    .sort((a, b) => a - b);
  return {
    ...frameStats(stamps),
    options,
    ticks: costs.length,
    tickMedianMs: quantile(costs, 0.5),
    tickMaxMs: costs[costs.length - 1] ?? NaN,
    longTasks: tasks?.count ?? null,
    longTaskTotalMs: tasks?.totalMs ?? null,
    idleFps: idle.meanFps,
    userAgent: navigator.userAgent,
  };
}
