/**
 * Slotline (defaults and `prefetch: 0`) vs BullMQ (defaults, auto-pipelined, and ×3 queues on the
 * cluster) and Bee-Queue 2 (its fast settings; single server only, it has no cluster support) on the same freshly started local Redis (single, then a 3+3 cluster), plus
 * redis-benchmark as the physical reference. See bench/README.md for method and fairness.
 *
 *   npx tsx src-main/bench/run-bench.ts [--quick] [--check] [--out FILE] [--rounds N]
 *                                       [--skip-cluster] [--scale] [--scale-tasks N] [--cli [--cli-runs N]]
 *                                       [--systems slotline,bullmq,…] [--concurrencies 1,10,50]
 *                                       [--masters 1,3,6]
 *                                       [--baseline <git ref>]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBaseline, prepareBaseline, removeBaseline, type BaselineInfo, type SystemFactory } from './baseline';
import { renderCliStartup, runCliStartup } from './cli-startup';
import { machineFacts, sampleLoad } from './machine';
import { parseMasters, renderMastersScaling, runMastersScaling } from './masters-scaling';
import { PAYLOAD_BYTES } from './payload';
import { measureRawLatency, type RawLatency } from './raw-latency';
import { runRedisBenchmark, type RawFigure } from './redis-benchmark';
import { comparisonRatio, renderReport, type BenchResult } from './report';
import { systemsFor, unsupportedOn, type RunContext } from './run-pair';
import { runScale, type ScaleResult } from './scale';
import { runTargetScenarios, type ScenarioResult, type Sizes } from './scenarios';
import { rateLimitUnsupported } from './slotline-system';
import { SYSTEM_IDS, type SystemConfig, type SystemId } from './system';
import { startClusterTarget, startSingleTarget, type BenchTarget } from './targets';

const FULL: Sizes = {
  enqueue: 50_000,
  inFlight: 50,
  bulk: 50_000,
  chunk: 1000,
  process: 50_000,
  processC1: 10_000,
  concurrencies: [1, 10, 50],
  rounds: 3,
  latencyRate: 1000,
  latencySeconds: 5,
  latencyConcurrency: 10,
};

const QUICK: Sizes = {
  ...FULL,
  enqueue: 5000,
  bulk: 5000,
  process: 5000,
  processC1: 2000,
  rounds: 1,
  latencySeconds: 1,
};

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      check: { type: 'boolean' },
      out: { type: 'string' },
      rounds: { type: 'string' },
      'skip-cluster': { type: 'boolean' },
      'skip-single': { type: 'boolean' },
      scale: { type: 'boolean' },
      'scale-tasks': { type: 'string' },
      cli: { type: 'boolean' },
      'cli-runs': { type: 'string' },
      systems: { type: 'string' },
      concurrencies: { type: 'string' },
      masters: { type: 'string' },
      baseline: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  return values;
}

const HELP = `npm run bench -- [--quick] [--check] [--out FILE] [--rounds N] [--skip-cluster] [--skip-single] [--scale] [--scale-tasks N]

  --quick         small counts, 1 round (about 1 min); the test suite runs this
  --check         exit 1 when a scenario produced no numbers (never a speed threshold)
  --out FILE      where the JSON goes (default bench/results/<ISO date>.json)
  --scale         only the opt-in scale scenario: 1M tasks in one queue (stats, a page, purge)
  --cli           only CLI start-up: slotline --help and cluster status against node -e 0 (--cli-runs N, default 15)
  --systems LIST  only these rows, comma-separated (${SYSTEM_IDS.join(', ')}); for targeted runs
  --concurrencies LIST  the process scenarios' concurrencies (default 1,10,50)
  --masters LIST  only the scaling mode: one queue at a fixed load on clusters of these many masters
                  (e.g. 1,3,6): Redis CPU per 1000 tasks per master, busiest share, highest tasks/s
  --baseline REF  also run the Slotline of git REF (e.g. the previous release) as row slotline@REF,
                  right after the slotline row in every round, and print slotline ÷ slotline@REF`;

/** The --systems list, or an error naming the bad id and the known ones. */
function parseSystems(v: string | undefined): SystemId[] | undefined {
  if (v === undefined) return undefined;
  const ids = v.split(',').map((x) => x.trim());
  for (const id of ids)
    if (!(SYSTEM_IDS as readonly string[]).includes(id))
      throw new Error(`--systems ${id}: expected a comma-separated list of ${SYSTEM_IDS.join(', ')}`);
  return ids as SystemId[];
}

/** The --concurrencies list, or an error naming the bad value. */
function parseConcurrencies(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  return v.split(',').map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      throw new Error(`--concurrencies ${x}: expected whole numbers from 1 to 1000, comma-separated`);
    return n;
  });
}

/** Runs the benchmark; returns the exit code. */
export async function runBench(argv: string[], log: (line: string) => void = (l) => console.log(l)): Promise<number> {
  const o = options(argv);
  if (o.help) return (log(HELP), 0);
  if (o.cli) {
    const runs = Math.max(3, Math.min(100, Number(o['cli-runs'] ?? 15) || 15));
    const rows = await runCliStartup(runs, log);
    log(renderCliStartup(rows, runs));
    if (o.out)
      fs.writeFileSync(o.out, JSON.stringify({ mode: 'cli', runs, machine: machineFacts(), rows }, null, 2) + '\n');
    return 0;
  }
  if (o.masters !== undefined) {
    const counts = parseMasters(o.masters);
    const sizes = o.quick
      ? { rate: 1000, tasks: 3000, burst: 5000, concurrency: 50 }
      : { rate: 2000, tasks: 20_000, burst: 30_000, concurrency: 50 };
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-bench-masters-'));
    try {
      const rows = await runMastersScaling(counts, sizes, workDir, log);
      log(renderMastersScaling(rows, sizes));
      if (o.out)
        fs.writeFileSync(
          o.out,
          JSON.stringify({ mode: 'masters', sizes, machine: machineFacts(), rows }, null, 2) + '\n',
        );
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
    return 0;
  }
  const sizes: Sizes = { ...(o.quick ? QUICK : FULL) };
  if (o.rounds !== undefined) sizes.rounds = Math.max(1, Math.min(20, Number(o.rounds) || 1));
  const only = parseSystems(o.systems);
  const concurrencies = parseConcurrencies(o.concurrencies);
  if (concurrencies) sizes.concurrencies = concurrencies;
  const t0 = Date.now();
  const facts = machineFacts();
  const loadSamples: number[] = [];
  const stopSampling = sampleLoad(loadSamples);
  const configs: Record<'single' | 'cluster', Map<SystemId, SystemConfig>> = { single: new Map(), cluster: new Map() };
  let baseline: BaselineInfo | undefined;
  const baselines = new Map<SystemId, SystemFactory>();
  if (o.baseline !== undefined && !o.cli && !o.scale) {
    baseline = prepareBaseline(o.baseline);
    baselines.set(baseline.id, await loadBaseline(baseline));
    log(`baseline ${baseline.id}: commit ${baseline.commit} "${baseline.subject}", unpacked in ${baseline.dir}`);
  }
  /** Rows not run, with the reason; `target` when only that target could not run it. */
  const skipped: Array<{ system: SystemId; reason: string; target?: 'single' | 'cluster' }> = [];
  const noLimit = rateLimitUnsupported();
  if (noLimit && (only ?? systemsFor('single')).includes('slotline-ratelimit')) {
    skipped.push({ system: 'slotline-ratelimit', reason: noLimit });
    log(`skipping row slotline-ratelimit: ${noLimit}`);
  }
  const rows = new Map<'single' | 'cluster', SystemId[]>();
  /** The rows a kind of target runs (computed once: a row it cannot run is skipped, its reason printed). */
  const rowsFor = (kind: 'single' | 'cluster'): SystemId[] => {
    const known = rows.get(kind);
    if (known) return known;
    // bullmq-x3 only exists on a cluster.
    const ids = (only ?? systemsFor(kind)).filter((id) => {
      if (kind !== 'cluster' && id === 'bullmq-x3') return false;
      if (skipped.some((x) => x.system === id && (x.target === undefined || x.target === kind))) return false;
      const reason = unsupportedOn(id, kind);
      if (reason) {
        skipped.push({ system: id, target: kind, reason });
        log(`skipping row ${id} on the ${kind}: ${reason}`);
        return false;
      }
      return true;
    });
    rows.set(kind, ids);
    return ids;
  };
  const ctxFor = (target: BenchTarget): RunContext => {
    const ids = [...rowsFor(target.kind)];
    if (baseline) {
      const at = ids.indexOf('slotline');
      ids.splice(at < 0 ? 0 : at + 1, 0, baseline.id);
    }
    return { target, rounds: sizes.rounds, log, configs: configs[target.kind], systems: ids, baselines };
  };
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-bench-'));
  const started: BenchTarget[] = [];
  const stopAll = async () => {
    for (const t of started.splice(0)) await t.stop().catch(() => undefined);
  };
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const scenarios: ScenarioResult[] = [];
  let raw: RawFigure[] = [];
  const floor: RawLatency[] = [];
  let scale: ScaleResult | undefined;
  log(
    `slotline bench${o.quick ? ' --quick' : ''}: ${facts.cores} × ${facts.cpuModel}, Node ${facts.node}, Redis ${facts.redisServer}, BullMQ ${facts.bullmq}, Bee-Queue ${facts.beeQueue}, payload ${PAYLOAD_BYTES} B, load ${facts.loadavgStart.toFixed(2)}`,
  );
  try {
    if (o.scale) {
      const target = await startSingleTarget(workDir);
      started.push(target);
      scale = await runScale(target, Number(o['scale-tasks'] ?? 1_000_000), log);
      scenarios.push({
        id: 'single:scale',
        target: 'single',
        title: 'scale: 1M tasks, stats/page/purge',
        unit: 'ms',
        ok: scale.ok,
        error: scale.error,
      });
    } else {
      if (!o['skip-single']) {
        const single = await startSingleTarget(workDir);
        started.push(single);
        log(`single redis-server on 127.0.0.1:${single.ports[0]}`);
        scenarios.push(...(await runTargetScenarios(ctxFor(single), sizes, true)));
        await single.flush();
        for (let r = 0; r < sizes.rounds; r++)
          floor.push(await measureRawLatency(single.ports[0]!, sizes.latencyRate, sizes.latencySeconds));
        try {
          raw = await runRedisBenchmark(single.ports[0]!, o.quick ? 20_000 : 100_000);
        } catch (e) {
          log(`redis-benchmark failed: ${(e as Error).message}`);
        }
        scenarios.push({
          id: 'single:redis-benchmark',
          target: 'single',
          title: 'redis-benchmark SET/LPUSH/RPOP',
          unit: 'tasks/s',
          ok: raw.length >= 6,
        });
        await stopAll();
      }
      if (!o['skip-cluster'] && rowsFor('cluster').length === 0 && !baseline) {
        log('cluster: none of the chosen rows runs on a cluster, so no cluster was started');
      } else if (!o['skip-cluster']) {
        const cluster = await startClusterTarget(workDir);
        started.push(cluster);
        log(`cluster on 127.0.0.1:${cluster.ports.join(',')}`);
        scenarios.push(...(await runTargetScenarios(ctxFor(cluster), sizes, false)));
        await stopAll();
      }
    }
  } catch (e) {
    log(`bench aborted: ${(e as Error).message}`);
    scenarios.push({ id: 'run', target: 'single', title: 'run', unit: 'ms', ok: false, error: (e as Error).message });
  } finally {
    await stopAll();
    fs.rmSync(workDir, { recursive: true, force: true });
    if (baseline) removeBaseline(baseline);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  stopSampling();
  facts.loadavgEnd = os.loadavg()[0]!;
  facts.loadavgSamples = loadSamples;
  const wallSeconds = (Date.now() - t0) / 1000;
  const systems: BenchResult['systems'] = {};
  for (const kind of ['single', 'cluster'] as const)
    if (configs[kind].size > 0) systems[kind] = Object.fromEntries(configs[kind]);
  const result: BenchResult = {
    startedAt: new Date(t0).toISOString(),
    wallSeconds,
    mode: o.scale ? 'scale' : o.quick ? 'quick' : 'full',
    command: `npx tsx src-main/bench/run-bench.ts ${argv.join(' ')}`.trim(),
    machine: facts,
    sizes,
    payloadBytes: PAYLOAD_BYTES,
    systems,
    scenarios,
    redisBenchmark: raw,
    latencyFloor: floor,
    ...(scale ? { scale } : {}),
    ...(baseline
      ? {
          baseline: {
            id: baseline.id,
            ref: baseline.ref,
            commit: baseline.commit,
            subject: baseline.subject,
            scripts: baseline.scripts,
            ratios: sideBySide(scenarios, 'slotline', baseline.id),
          },
        }
      : {}),
    ...(scenarios.some((s) => s.systems?.['slotline-ratelimit'])
      ? { rateLimitOverhead: sideBySide(scenarios, 'slotline-ratelimit', 'slotline') }
      : {}),
    ...(skipped.length ? { skipped } : {}),
  };
  const table = renderReport(result, 'full');
  result.table = table;
  const out = o.out ?? path.join('bench', 'results', `${new Date(t0).toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  log('');
  log(table);
  if (scale) {
    log(
      `\nscale (${scale.tasks} tasks, ${scale.usedMemoryMb} MB): fill ${scale.fillSeconds?.toFixed(1)} s; stats median ${scale.statsMs?.median.toFixed(2)} ms (max ${scale.statsMs?.max.toFixed(2)}); ` +
        `page of 50 median ${scale.pageMs?.median.toFixed(2)} ms (max ${scale.pageMs?.max.toFixed(2)}); purge ${scale.purgeSeconds?.toFixed(1)} s, longest call ${scale.longestCallMs?.toFixed(2)} ms (${scale.longestCall})`,
    );
  }
  log(
    `\nwall time ${wallSeconds.toFixed(1)} s, load ${facts.loadavgStart.toFixed(2)} → ${facts.loadavgEnd.toFixed(2)}; results in ${out}`,
  );
  for (const [what, rows] of [
    [`slotline ÷ ${baseline?.id}`, result.baseline],
    ['slotline-ratelimit ÷ slotline', { ratios: result.rateLimitOverhead }],
  ] as const) {
    const list = (rows as { ratios?: SideBySide[] } | undefined)?.ratios;
    if (list?.length)
      log(`\n${what} (median ÷ median): ${list.map((x) => `${x.scenario} ${x.ratio.toFixed(3)}`).join('; ')}`);
  }
  for (const x of skipped) log(`skipped row ${x.system}${x.target ? ` on the ${x.target}` : ''}: ${x.reason}`);
  const failed = scenarios.filter((s) => !s.ok);
  if (failed.length > 0) log(`scenarios without numbers: ${failed.map((s) => s.id).join(', ')}`);
  return o.check && failed.length > 0 ? 1 : 0;
}

/** One scenario's median ÷ median of two rows, for the result JSON. */
interface SideBySide {
  scenario: string;
  unit: string;
  ratio: number;
  a: number;
  b: number;
}

function sideBySide(scenarios: ScenarioResult[], a: SystemId, b: SystemId): SideBySide[] {
  const out: SideBySide[] = [];
  for (const s of scenarios) {
    const ratio = comparisonRatio(s, a, b);
    if (ratio !== undefined)
      out.push({ scenario: s.id, unit: s.unit, ratio, a: s.systems![a]!.median, b: s.systems![b]!.median });
  }
  return out;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  runBench(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(`bench: ${(e as Error).message}`);
      if (process.env.BENCH_STACK) console.error((e as Error).stack);
      process.exit(1);
    },
  );
}
