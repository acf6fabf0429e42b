/** What the bench reports about one run. */
export interface FrameStats {
  frames: number;
  durationMs: number;
  /** Frames per second over the whole run. */
  meanFps: number;
  /** Median and 5th-percentile fps, from frame intervals (p5 fps = the 95th-percentile frame time). */
  medianFps: number;
  p5Fps: number;
  /** Frames counted in each whole second of the run (an fps meter's view): median and 5th percentile. */
  windowMedianFps: number;
  windowP5Fps: number;
  longestFrameMs: number;
  /** Intervals longer than 1.5 × the median interval: frames the display missed. */
  droppedFrames: number;
}

/** The value at quantile `q` (0–1) of an ascending array, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Frames per whole second from the first timestamp, ascending. */
export function fpsPerSecond(timestamps: readonly number[]): number[] {
  if (timestamps.length < 2) return [];
  const t0 = timestamps[0]!;
  const seconds = Math.floor((timestamps[timestamps.length - 1]! - t0) / 1000);
  const counts = new Array<number>(seconds).fill(0);
  for (const t of timestamps.slice(1)) {
    const s = Math.floor((t - t0) / 1000);
    if (s < seconds) counts[s]!++;
  }
  return counts.sort((a, b) => a - b);
}

/** Frame statistics from requestAnimationFrame timestamps (ms, ascending). */
export function frameStats(timestamps: readonly number[]): FrameStats {
  const intervals = timestamps.slice(1).map((t, i) => t - timestamps[i]!);
  const sorted = [...intervals].sort((a, b) => a - b);
  const durationMs = timestamps.length > 1 ? timestamps[timestamps.length - 1]! - timestamps[0]! : 0;
  const median = quantile(sorted, 0.5);
  const windows = fpsPerSecond(timestamps);
  return {
    frames: intervals.length,
    durationMs,
    meanFps: durationMs > 0 ? (intervals.length * 1000) / durationMs : 0,
    medianFps: 1000 / median,
    p5Fps: 1000 / quantile(sorted, 0.95),
    windowMedianFps: quantile(windows, 0.5),
    windowP5Fps: quantile(windows, 0.05),
    longestFrameMs: sorted[sorted.length - 1] ?? 0,
    droppedFrames: intervals.filter((d) => d > 1.5 * median).length,
  };
}
