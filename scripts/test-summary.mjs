// The tally behind test-all.mjs's last lines. Its final line, `N passed, N failed, N skipped`, counts
// tests only. Checks (typecheck, lint, build) and the benchmark are not tests: each gets a line of its
// own, and one that fails makes the run exit non-zero without adding to the test counts.

/** A fresh tally. */
export function createTally() {
  const tests = { passed: 0, failed: 0, skipped: 0 };
  const lines = [];
  /** Non-test steps that failed: checks, a suite that crashed outside its tests, the bench. */
  const problems = [];

  return {
    /** A check: ok or failed with its exit code. */
    check(name, code) {
      lines.push(`${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`}`);
      if (code !== 0) problems.push(name);
    },
    /**
     * A test suite's report: `{ passed, failed, skipped }`, or null when it wrote none. A suite that
     * exits non-zero with no failed test (a crash, an unhandled error) is a problem, not a test.
     */
    suite(name, counts, code, what = '') {
      if (!counts) {
        lines.push(`${name}: no report (exit ${code})`);
        problems.push(name);
        return;
      }
      tests.passed += counts.passed;
      tests.failed += counts.failed;
      tests.skipped += counts.skipped;
      lines.push(
        `${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped${what ? ` (${what})` : ''}`,
      );
      if (code !== 0 && counts.failed === 0) {
        lines.push(`${name}: exited ${code} with no failed test`);
        problems.push(name);
      }
    },
    /** The quick benchmark: scenarios with figures, not tests. `scenarios` is null when no JSON came out. */
    bench(scenarios, code) {
      if (!scenarios) {
        lines.push(`bench --quick: failed (exit ${code}), no results`);
        problems.push('bench --quick');
        return;
      }
      const ran = scenarios.filter((s) => s.ok).length;
      const bad = scenarios.length - ran;
      lines.push(`bench --quick: ${ran} scenarios produced figures, ${bad} did not`);
      if (bad > 0 || code !== 0) problems.push('bench --quick');
    },
    /** The closing lines (the last is the test count) and the exit code. */
    summary() {
      const out = [...lines];
      if (problems.length > 0) out.push(`not tests, failed: ${problems.join(', ')}`);
      out.push(`${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped`);
      return { lines: out, exitCode: tests.failed === 0 && problems.length === 0 ? 0 : 1 };
    },
  };
}
