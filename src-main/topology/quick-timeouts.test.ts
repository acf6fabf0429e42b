import { describe, expect, it } from 'vitest';
import { QuickTimeouts } from './quick-timeouts';

describe('QuickTimeouts', () => {
  it('gives the full timeout until a node misses, then the short one', () => {
    const q = new QuickTimeouts(1000);
    expect(q.timeoutFor('a:1')).toBe(1000);
    q.noteMiss('a:1');
    expect(q.timeoutFor('a:1')).toBe(150);
    expect(q.timeoutFor('b:1')).toBe(1000);
  });

  it('puts a node that answered, even after its round gave up, back on the full timeout', () => {
    // The decision the sticky version got wrong: a slow node (answers in 300 ms) that missed once
    // used to need a sub-150 ms answer to get out, and stayed unreachable round after round.
    const q = new QuickTimeouts(1000);
    q.noteMiss('slow:1'); // round 1: a hiccup longer than the full timeout
    q.noteMiss('slow:1'); // round 2: asked with 150 ms, its 300 ms answer is late...
    q.noteAnswer('slow:1'); // ...but arrives within the full timeout
    expect(q.timeoutFor('slow:1')).toBe(1000); // round 3: asked fairly, and answers
    expect(q.isQuick('slow:1')).toBe(false);
  });

  it('lets a later round wait on the question still in flight, and counts its late answer', async () => {
    const q = new QuickTimeouts(1000);
    let asked = 0;
    let answer: (v: string) => void = () => undefined;
    const ask = () => {
      asked++;
      return new Promise<string>((r) => (answer = r));
    };
    const round1 = q.answer('slow:1', ask);
    q.noteMiss('slow:1'); // round 1 gave up on it
    const round2 = q.answer('slow:1', ask);
    expect(asked).toBe(1); // not asked twice: round 2 waits on round 1's question
    answer('INFO text');
    await expect(round2).resolves.toBe('INFO text');
    await round1;
    expect(q.isQuick('slow:1')).toBe(false);
    void q.answer('slow:1', ask);
    expect(asked).toBe(2); // settled: the next round asks afresh
  });

  it('keeps a node that never answers on the short timeout, and never goes above the full one', () => {
    const q = new QuickTimeouts(100, 150);
    for (let i = 0; i < 5; i++) q.noteMiss('dead:1');
    expect(q.timeoutFor('dead:1')).toBe(100);
  });

  it('forgets nodes that left the topology', () => {
    const q = new QuickTimeouts(1000);
    q.noteMiss('gone:1');
    q.noteMiss('kept:1');
    q.retain(new Set(['kept:1']));
    expect(q.isQuick('gone:1')).toBe(false);
    expect(q.isQuick('kept:1')).toBe(true);
  });
});
