import { describe, expect, it } from 'vitest';
import type { Task } from '../../shared/types/queue';
import { describeTask } from './commands/task-detail';
import type { CliIo } from './io';
import { main } from './main';

/** A CliIo that records lines and answers every confirmation with `answer`. */
function captureIo(answer = false) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    confirm: async (q) => (asked.push(q), answer),
  };
  return { io, out, err, asked };
}

// None of these reach Redis: the flags are refused before a connection is made (no server runs
// on the port in --url, so a connection attempt would fail with another message).
const url = ['--url', 'redis://127.0.0.1:1'];

describe('lifecycle CLI flags (issue 13)', () => {
  it.each([
    [['cancel', 'q', ...url], /give either --id or --state/],
    [['cancel', 'q', '--id', 'a', '--state', 'waiting', ...url], /give either --id or --state/],
    [['cancel', 'q', '--state', 'completed', ...url], /--state "completed": expected one of waiting, delayed, active/],
    [['cancel', 'q', '--id', 'a', '--older-than', '5', ...url], /--older-than goes with --state/],
    [
      ['cancel', 'q', '--state', 'waiting', '--older-than', 'soon', ...url],
      /--older-than "soon" is not a whole number/,
    ],
    [['cancel', ...url], /slotline cancel needs a queue name/],
    [['enqueue', 'q', '--wait', '--count', '2', ...url], /--wait waits for one task/],
    [['enqueue', 'q', '--timeout', '100', ...url], /--timeout is how long --wait waits/],
    [['enqueue', 'q', '--wait', '--timeout', '0', ...url], /--timeout 0 is out of range: expected 1\.\./],
    [['enqueue', 'q', '--task-timeout', '0', ...url], /--task-timeout 0 is out of range/],
    [['tasks', 'q', '--id', 'a', '--state', 'waiting', ...url], /give either --id or --state, not both/],
    [['tasks', 'q', '--state', 'waiting', '--lines', '5', ...url], /--lines goes with --id/],
    [['tasks', 'q', '--id', 'a', '--lines', '0', ...url], /--lines 0 is out of range/],
  ])('slotline %j is a usage error', async (argv, says) => {
    const { io, err, asked } = captureIo(true);
    expect(await main(argv, io)).toBe(2);
    expect(err.join('\n')).toMatch(says);
    expect(asked).toEqual([]);
  });

  it('documents the new flags in each command’s help and the command list', async () => {
    const help = async (argv: string[]) => {
      const { io, out } = captureIo();
      expect(await main(argv, io)).toBe(0);
      return out.join('\n');
    };
    expect(await help(['cancel', '--help'])).toMatch(/--id ID[\s\S]*--state S[\s\S]*--older-than MS[\s\S]*--yes/);
    expect(await help(['enqueue', '--help'])).toMatch(/--wait[\s\S]*--timeout MS/);
    expect(await help(['tasks', '--help'])).toMatch(/--id ID .*progress, result/);
    expect(await help(['queues', '--help'])).toMatch(/retention/);
    expect(await help(['--help'])).toMatch(/\n {2}cancel {5}cancel tasks by id or by state/);
  });
});

const task: Task = {
  id: 't1',
  queue: 'emails',
  partition: 0,
  state: 'active',
  payload: { to: 'ada@example.test' },
  attemptsMade: 1,
  maxAttempts: 3,
  priority: 0,
  stalls: 0,
  createdAt: 0,
  history: [],
  logCount: 130,
  progress: 42,
  cancelRequested: true,
} as unknown as Task;

describe('describeTask', () => {
  it('shows state, progress and the log tail with how much was kept', () => {
    const lines = describeTask(task, { lines: ['step 129', 'step 130'], start: 98, total: 100 });
    expect(lines[0]).toBe('t1  active (cancel requested)  queue emails partition 0');
    expect(lines).toContain('progress  42%');
    expect(lines).toContain('log       last 2 of 100 kept (130 written):');
    expect(lines.slice(-2)).toEqual(['  step 129', '  step 130']);
  });

  it('prints a result as JSON, cut with a note when it is long', () => {
    const done = { ...task, state: 'completed', progress: { stage: 'upload' }, result: { ok: true } } as Task;
    const lines = describeTask(done, { lines: [], start: 0, total: 0 });
    expect(lines).toContain('progress  {"stage":"upload"}');
    expect(lines.join('\n')).toContain('result    {\n  "ok": true\n}');
    const big = describeTask({ ...done, result: 'x'.repeat(10_000) }, { lines: [], start: 0, total: 0 });
    expect(big.join('\n')).toMatch(/… \(10002 chars; --json for all\)/);
    expect(lines).toContain('log       (empty; 130 line(s) ever written)');
  });
});
