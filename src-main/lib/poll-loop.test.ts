import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PollLoop } from './poll-loop';

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(2);
  }
}

describe('PollLoop', () => {
  it('runs the first round at once and chains the next ones, never two at a time', async () => {
    let active = 0;
    let maxActive = 0;
    let rounds = 0;
    const loop = new PollLoop({
      intervalMs: 1,
      round: async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(5); // longer than the interval: a setInterval would overlap here
        active--;
        rounds++;
      },
    });
    loop.start();
    await until(() => rounds >= 5);
    await loop.stop();
    expect(maxActive).toBe(1);
  });

  it('uses the delay a round returns', async () => {
    const starts: number[] = [];
    const loop = new PollLoop({
      intervalMs: 1,
      round: async () => {
        starts.push(Date.now());
        return 40;
      },
    });
    loop.start();
    await until(() => starts.length >= 3);
    await loop.stop();
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(35);
  });

  it('stop() waits for the round in flight, and no round starts after it', async () => {
    let finished = 0;
    let started = 0;
    const loop = new PollLoop({
      intervalMs: 1,
      round: async () => {
        started++;
        await sleep(30);
        finished++;
      },
    });
    loop.start();
    await until(() => started === 1);
    await loop.stop();
    expect(finished).toBe(1);
    await sleep(20);
    expect(started).toBe(1);
    expect(loop.isRunning).toBe(false);
  });

  it('a restart while a round is in flight leaves one loop, and tells the old round it is stale', async () => {
    const seen: boolean[] = [];
    let active = 0;
    let maxActive = 0;
    let rounds = 0;
    let release: () => void = () => undefined;
    const loop = new PollLoop({
      intervalMs: 1,
      round: async (ctx) => {
        active++;
        maxActive = Math.max(maxActive, active);
        rounds++;
        if (rounds === 1) await new Promise<void>((r) => (release = r));
        else await sleep(2);
        active--;
        seen.push(ctx.current());
      },
    });
    loop.start();
    await until(() => rounds === 1);
    void loop.stop(); // the first round is still in flight
    loop.start();
    await sleep(10);
    expect(rounds).toBe(1); // the new generation waits for the old round
    release();
    await until(() => rounds >= 6);
    await loop.stop();
    expect(seen[0]).toBe(false);
    expect(seen.slice(1, 4)).toEqual([true, true, true]);
    expect(maxActive).toBe(1);
  });

  it('reports a failing round and goes on', async () => {
    const errors: unknown[] = [];
    let rounds = 0;
    const loop = new PollLoop({
      intervalMs: 1,
      onError: (e) => errors.push(e),
      round: async () => {
        rounds++;
        if (rounds === 1) throw new Error('round 1 failed');
      },
    });
    loop.start();
    await until(() => rounds >= 3);
    await loop.stop();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('round 1 failed');
  });
});
