import { describe, expect, it } from 'vitest';
import { fpsPerSecond, frameStats, quantile } from './frame-stats';

describe('frame stats', () => {
  it('takes nearest-rank quantiles', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.95)).toBe(4);
  });
  it('reports fps from rAF timestamps, with the long frame as the p5 and the longest', () => {
    const ts = Array.from({ length: 61 }, (_, i) => i * (1000 / 60));
    ts.push(ts[ts.length - 1]! + 100);
    const stats = frameStats(ts);
    expect(stats.frames).toBe(61);
    expect(stats.medianFps).toBeCloseTo(60, 5);
    expect(stats.longestFrameMs).toBeCloseTo(100, 5);
    expect(stats.droppedFrames).toBe(1);
    expect(stats.p5Fps).toBeCloseTo(60, 5);
  });
  it('counts frames per whole second, so one long stall a second shows in the windowed figures', () => {
    const ts: number[] = [0];
    for (let s = 0; s < 3; s++) for (let f = 1; f <= 50; f++) ts.push(s * 1000 + f * 16.7);
    ts.push(3000);
    expect(fpsPerSecond(ts)).toEqual([50, 50, 50]);
    expect(frameStats(ts).windowP5Fps).toBe(50);
  });
});
