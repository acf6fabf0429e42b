import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MachineFacts } from './machine';
import { loadVerdict, normalizeResult, renderReport, type BenchResult } from './report';
import { BenchBlockError, DEFAULT_JSON, README_BLOCKS, readResult, renderFile, replaceBlocks } from './render-readme';
import type { ScenarioResult } from './scenarios';
import { spread } from './stats';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const committed = () => readResult(path.join(root, DEFAULT_JSON));
// The run the README quoted until 2026-12-02 (loaded machine, a result written before the
// configuration record and before `systems`): kept to test how such a run is described and read.
const legacyRun = () => readResult(path.join(root, 'src-main/bench/test-support/legacy-run-2026-11-26.json'));

const machine = (loadavgStart: number, loadavgEnd: number, loadavgSamples?: number[]): MachineFacts => ({
  cpuModel: 'Test CPU',
  cores: 2,
  memoryGb: 8,
  node: 'v20.0.0',
  redisServer: '7.0.0',
  ioredis: '5.0.0',
  bullmq: '6.7.0',
  platform: 'linux',
  loadavgStart,
  loadavgEnd,
  ...(loadavgSamples ? { loadavgSamples } : {}),
});

/** A result in today's format: every row, a config record and CPU per task. */
function currentResult(): BenchResult {
  const sp = (x: number) => spread([x, x * 1.1, x * 0.9]);
  const cpu = (n: number, r: number) => ({ nodeMs: spread([n]), redisMs: spread([r]) });
  const scenario: ScenarioResult = {
    id: 'single:process-c10',
    target: 'single',
    title: 'process 50 enqueued tasks at concurrency 10',
    unit: 'tasks/s',
    ok: true,
    systems: { slotline: sp(30000), 'slotline-prefetch0': sp(20000), bullmq: sp(10000), 'bullmq-autopipe': sp(12000) },
    cpuPer1000: {
      slotline: cpu(40, 15),
      'slotline-prefetch0': cpu(45, 18),
      bullmq: cpu(90, 60),
      'bullmq-autopipe': cpu(80, 55),
    },
    ratio: 3,
  };
  return {
    startedAt: '2027-01-01T00:00:00.000Z',
    wallSeconds: 61,
    mode: 'quick',
    command: 'npx tsx src-main/bench/run-bench.ts --quick',
    machine: machine(0.2, 0.4, [0.3, 0.45]),
    sizes: { rounds: 1 },
    payloadBytes: 104,
    scenarios: [scenario],
    redisBenchmark: [],
    latencyFloor: [],
    systems: {
      single: {
        slotline: {
          system: 'slotline',
          partitions: 1,
          connection: { autoPipelining: true },
          workers: { '10': { prefetch: 100, batchSize: 100, leaseMs: 30000, removeOnComplete: true } },
        },
        'slotline-prefetch0': {
          system: 'slotline',
          partitions: 1,
          connection: { autoPipelining: true },
          workers: { '10': { prefetch: 0, batchSize: 10, leaseMs: 30000, removeOnComplete: true } },
        },
        bullmq: {
          system: 'bullmq',
          queues: 1,
          prefixes: ['bull'],
          connection: { enableAutoPipelining: false },
          workers: { '10': { count: 1, concurrency: 10, drainDelay: 5 } },
        },
        'bullmq-autopipe': {
          system: 'bullmq',
          queues: 1,
          prefixes: ['bull'],
          connection: { enableAutoPipelining: true },
          workers: { '10': { count: 1, concurrency: 10, drainDelay: 5 } },
        },
      },
    },
  };
}

describe('bench README blocks', () => {
  it('the committed README blocks equal what render-readme renders from the committed JSON', async () => {
    const result = committed();
    for (const { file } of README_BLOCKS) {
      const have = fs.readFileSync(path.join(root, file), 'utf8');
      expect(have, `${file}: run npx tsx src-main/bench/render-readme.ts`).toContain('<!-- bench:begin ');
      expect(await renderFile(root, file, result, DEFAULT_JSON), `${file} is stale`).toBe(have);
    }
  });

  it('does not call the 2026-11-26 run (load 1.90 → 2.05 on 2 cores) quiet, and says its config record predates the fix', () => {
    const result = legacyRun();
    expect(loadVerdict(result.machine).word).toBe('overloaded');
    for (const variant of ['summary', 'full'] as const) {
      const text = renderReport(result, variant);
      expect(text).toContain('1.90 at the start and 2.05 at the end on 2 cores');
      expect(text).toContain('not a quiet machine');
      expect(text).not.toMatch(/\bquiet run\b|That is a quiet machine/);
      expect(text).toContain('predates the configuration record');
      expect(text).toContain('`prefetch: 100`');
      expect(text).toContain('min(concurrency + 100, 100) = 100');
    }
  });

  it('chooses the word from the highest recorded load: quiet below 0.5 × cores, overloaded at the core count', () => {
    expect(loadVerdict(machine(0.2, 0.9)).word).toBe('quiet');
    expect(loadVerdict(machine(0.2, 0.4, [0.3, 1.0])).word).toBe('busy');
    expect(loadVerdict(machine(1.9, 2.05)).word).toBe('overloaded');
    expect(loadVerdict(machine(0.1, 0.1, [2.5])).word).toBe('overloaded');
  });

  it('renders the recorded configuration and the CPU per 1000 tasks of every row', () => {
    const text = renderReport(currentResult(), 'full');
    expect(text).toContain('That is a quiet machine');
    expect(text).toContain(
      'single, Slotline: auto-pipelining on; 1 partition(s); at concurrency 10: prefetch 100, batchSize 100',
    );
    expect(text).toContain(
      'single, Slotline prefetch 0: auto-pipelining on; 1 partition(s); at concurrency 10: prefetch 0, batchSize 10',
    );
    expect(text).toContain('single, BullMQ auto-pipelining: auto-pipelining on; 1 queue(s)');
    expect(text).toContain('single, BullMQ: auto-pipelining off; 1 queue(s)');
    // node + redis = total, per row.
    expect(text).toMatch(
      /\| process 50 enqueued tasks at concurrency 10 \| 40 \+ 15 = 55 \| 45 \+ 18 = 63 \| 90 \+ 60 = 150 \| 80 \+ 55 = 135 \|/,
    );
    // Slotline 30k against the fastest BullMQ row (12k): 2.50×; prefetch 0: 20k / 12k.
    expect(text).toContain('| 3.00× | 2.50× | 1.67× |');
    expect(text).not.toContain('predates');
  });

  it('renders a baseline row and the rate-limited row, with current ÷ baseline and limit ÷ none per scenario', () => {
    const r = currentResult();
    const sc = r.scenarios[0]!;
    sc.systems = { ...sc.systems, 'slotline@f531e1b': spread([25000]), 'slotline-ratelimit': spread([27000]) };
    r.systems!.single!['slotline@f531e1b'] = {
      ...r.systems!.single!.slotline!,
      baseline: { ref: 'f531e1b', commit: 'f531e1b290e5570771ca8eb8e847f78d3beebc1f' },
    };
    r.systems!.single!['slotline-ratelimit'] = {
      ...r.systems!.single!.slotline!,
      rateLimit: { max: 1_000_000, perMs: 1000 },
    };
    const text = renderReport(r, 'full');
    // Built-in rows first, in table order, then the baseline.
    expect(text).toMatch(
      /\| Slotline median .*\| Slotline rate-limited \(not binding\) median .*\| Slotline @f531e1b median/,
    );
    expect(text).toContain('| scenario | unit | Slotline ÷ Slotline @f531e1b | rate-limited ÷ no limit |');
    // 30k / 25k and 27k / 30k.
    expect(text).toContain('| process 50 enqueued tasks at concurrency 10 | tasks/s | 1.20× | 0.90× |');
    expect(text).toContain(
      'single, Slotline @f531e1b: auto-pipelining on; 1 partition(s); code of f531e1b (commit f531e1b290e5)',
    );
    expect(text).toContain(
      'single, Slotline rate-limited (not binding): auto-pipelining on; 1 partition(s); rate limit 1000000 per 1000 ms',
    );
    // Without those rows there is no side-by-side table.
    expect(renderReport(currentResult(), 'full')).not.toContain('side by side');
  });

  it('renders the three-way table with Slotline ÷ Bee-Queue, its settings, its goals and the cluster skip', () => {
    const r = currentResult();
    r.machine.beeQueue = '2.0.0';
    const sc = r.scenarios[0]!;
    sc.systems = { ...sc.systems, 'bee-queue': spread([15000]) };
    sc.cpuPer1000 = { ...sc.cpuPer1000, 'bee-queue': { nodeMs: spread([50]), redisMs: spread([20]) } };
    const enqueue: ScenarioResult = {
      id: 'single:enqueue',
      target: 'single',
      title: 'enqueue 50 one at a time, 50 in flight',
      unit: 'tasks/s',
      ok: true,
      systems: { slotline: spread([90000]), bullmq: spread([45000]), 'bee-queue': spread([100000]) },
      ratio: 2,
    };
    r.scenarios.unshift(enqueue);
    r.systems!.single!['bee-queue'] = {
      system: 'bee-queue',
      queues: 1,
      prefixes: ['bq'],
      client: 'node_redis 3',
      producer: { storeJobs: false, getEvents: false, sendEvents: false, removeOnSuccess: true, isWorker: false },
      workers: { '10': { count: 1, concurrency: 10, storeJobs: false, getEvents: false, isWorker: true } },
    };
    r.skipped = [{ system: 'bee-queue', target: 'cluster', reason: 'no cluster support' }];
    const text = renderReport(r, 'full');
    expect(text).toContain('Bee-Queue 2.0.0, a 104-byte payload');
    expect(text).toMatch(
      /\| BullMQ auto-pipelining median \(min–max\) \| Bee-Queue median \(min–max\) \| Slotline ÷ BullMQ \| Slotline ÷ Bee-Queue \|/,
    );
    // 90k / 100k and 30k / 15k.
    expect(text).toMatch(/\| enqueue 50 one at a time, 50 in flight \|.*\| 2.00× \| 0.90× \|/);
    expect(text).toMatch(/\| process 50 enqueued tasks at concurrency 10 \|.*\| 3.00× \| 2.00× \|/);
    expect(text).toContain(
      'single, Bee-Queue: node_redis 3; 1 queue(s), prefix `bq`; producer and workers: storeJobs false, getEvents false, sendEvents false, removeOnSuccess true; at concurrency 10: one worker queue',
    );
    expect(text).toMatch(/\| 80 \+ 55 = 135 \| 50 \+ 20 = 70 \|/);
    expect(text).toContain('Not run: Bee-Queue on the cluster, no cluster support.');
    const summary = renderReport(r, 'summary');
    expect(summary).toContain('**Enqueue ≥ 1.2× Bee-Queue: not met** (one server: enqueue 0.90×)');
    expect(summary).toContain('**Process ≥ 2× Bee-Queue: met** (one server: process-c10 2.00×)');
    // A result without the row renders no Bee-Queue column.
    expect(renderReport(currentResult(), 'full')).not.toContain('Bee-Queue');
  });

  it('reads a legacy result (slotline/bullmq per scenario) as rows of `systems`', () => {
    const legacy = normalizeResult(legacyRun());
    const enqueue = legacy.scenarios.find((s) => s.id === 'single:enqueue')!;
    expect(Object.keys(enqueue.systems ?? {})).toEqual(['slotline', 'bullmq']);
    expect(enqueue.systems!.slotline!.samples.length).toBe(3);
  });

  it('refuses a README without markers and a file that is not a result, naming what is expected', () => {
    expect(() => replaceBlocks('# no markers\n', currentResult(), 'x.json', 'X.md')).toThrow(BenchBlockError);
    expect(() => replaceBlocks('# no markers\n', currentResult(), 'x.json', 'X.md')).toThrow(/X\.md: expected a block/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'render-readme-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.json'), '{"scenarios": []}');
      expect(() => readResult(path.join(dir, 'a.json'))).toThrow(
        /a\.json: expected a bench result JSON with "machine"/,
      );
      fs.writeFileSync(path.join(dir, 'b.json'), 'not json');
      expect(() => readResult(path.join(dir, 'b.json'))).toThrow(
        /b\.json: expected a bench result JSON, could not read it/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rewrites only what lies between the markers', () => {
    const text = 'before\n<!-- bench:begin summary -->\nold\n<!-- bench:end -->\nafter\n';
    const out = replaceBlocks(text, currentResult(), 'x.json');
    expect(out.startsWith('before\n<!-- bench:begin summary -->\n')).toBe(true);
    expect(out.endsWith('<!-- bench:end -->\nafter\n')).toBe(true);
    expect(out).not.toContain('\nold\n');
    expect(out).toContain('Against the goals:');
  });
});
