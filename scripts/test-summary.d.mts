/** Types for test-summary.mjs (a plain script, so test-all.mjs runs without a build). */
export interface SuiteCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface Tally {
  check(name: string, code: number): void;
  suite(name: string, counts: SuiteCounts | null, code: number, what?: string): void;
  bench(scenarios: Array<{ ok: boolean }> | null, code: number): void;
  summary(): { lines: string[]; exitCode: number };
}

export function createTally(): Tally;
