import { describe, expect, it } from 'vitest';
import { createTally } from './test-summary.mjs';

const scenarios = (ok: number, bad: number) => [
  ...Array.from({ length: ok }, (_, i) => ({ id: `s${i}`, ok: true })),
  ...Array.from({ length: bad }, (_, i) => ({ id: `b${i}`, ok: false })),
];

describe('test-all summary', () => {
  it('does not count benchmark scenarios as passed tests: they get a line of their own', () => {
    const t = createTally();
    t.suite('vitest', { passed: 40, failed: 0, skipped: 2 }, 0);
    t.bench(scenarios(17, 0), 0);
    const { lines, exitCode } = t.summary();
    expect(lines.at(-1)).toBe('40 passed, 0 failed, 2 skipped');
    expect(lines).toContain('bench --quick: 17 scenarios produced figures, 0 did not');
    expect(exitCode).toBe(0);
  });

  it('a bench scenario without figures fails the run but is not a failed test', () => {
    const t = createTally();
    t.suite('vitest', { passed: 40, failed: 0, skipped: 0 }, 0);
    t.bench(scenarios(15, 2), 1);
    const { lines, exitCode } = t.summary();
    expect(lines.at(-1)).toBe('40 passed, 0 failed, 0 skipped');
    expect(lines).toContain('bench --quick: 15 scenarios produced figures, 2 did not');
    expect(lines).toContain('not tests, failed: bench --quick');
    expect(exitCode).toBe(1);
  });

  it('a bench that wrote no JSON, a failed check and a crashed suite fail the run without touching the test counts', () => {
    const t = createTally();
    t.check('typecheck', 2);
    t.suite('vitest', { passed: 10, failed: 0, skipped: 1 }, 1);
    t.suite('e2e', null, 1);
    t.bench(null, 1);
    const { lines, exitCode } = t.summary();
    expect(lines.at(-1)).toBe('10 passed, 0 failed, 1 skipped');
    expect(lines).toContain('not tests, failed: typecheck, vitest, e2e, bench --quick');
    expect(exitCode).toBe(1);
  });

  it('failed tests are counted and fail the run; the last line is exactly "N passed, N failed, N skipped"', () => {
    const t = createTally();
    t.suite('vitest', { passed: 8, failed: 3, skipped: 0 }, 1);
    t.suite('e2e', { passed: 4, failed: 1, skipped: 2 }, 1);
    const { lines, exitCode } = t.summary();
    expect(lines.at(-1)).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/);
    expect(lines.at(-1)).toBe('12 passed, 4 failed, 2 skipped');
    expect(lines.some((l) => l.startsWith('not tests'))).toBe(false);
    expect(exitCode).toBe(1);
  });
});
