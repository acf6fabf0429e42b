import { describe, expect, it } from 'vitest';
import { isWellFormed, MAX_PAYLOAD_DEPTH, payloadProblem } from './wire-values';

describe('wire values', () => {
  it('tells lone surrogate halves from pairs', () => {
    expect(isWellFormed('plain')).toBe(true);
    expect(isWellFormed('emoji \ud83d\ude00')).toBe(true);
    expect(isWellFormed('job-\ud800')).toBe(false);
    expect(isWellFormed('\udc00job')).toBe(false);
    expect(isWellFormed('\ude00\ud83d')).toBe(false);
  });

  it('accepts JSON up to the depth limit and names what is wrong beyond it', () => {
    let ok: unknown = 'leaf';
    for (let i = 1; i < MAX_PAYLOAD_DEPTH; i++) ok = [ok];
    expect(payloadProblem(ok)).toBeUndefined();
    expect(payloadProblem({ deeper: ok })).toMatch(/nests deeper than 64 levels/);
    expect(payloadProblem({ n: 1n })).toMatch(/holds a bigint: expected JSON values only/);
    expect(payloadProblem([Number.NaN])).toMatch(/holds the number NaN: expected a finite number/);
    expect(payloadProblem({ s: 'x\udfff' })).toMatch(/lone UTF-16 surrogate/);
    expect(payloadProblem({ a: [1, 'two', null, { b: true }] })).toBeUndefined();
  });

  it('ends on a cyclic value (Electron IPC can send one) without overflowing the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(payloadProblem(cyclic)).toMatch(/nests deeper than/);
    let deep: unknown = 0;
    for (let i = 0; i < 200_000; i++) deep = { d: deep };
    expect(payloadProblem(deep)).toMatch(/nests deeper than/);
  });
});
