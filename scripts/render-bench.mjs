#!/usr/bin/env node
/**
 * Rendering benchmark of the console's live views in Chromium (a benchmark, not a test: it prints
 * figures beside the goal and exits 0 unless something broke).
 *
 * Builds src-renderer/bench/ with the web Vite config (production React), serves the build on
 * 127.0.0.1 from a tiny static server, opens it in Chromium through Playwright, and reads the result
 * the page computed from requestAnimationFrame timestamps while a synthetic stream played.
 *
 *   node scripts/render-bench.mjs [--headed] [--seconds 20] [--scenario fresh|resharded|all]
 *                                 [--no-build] [--chromium /usr/bin/chromium] [--json]
 *                                 [--views overview,slots,timeline,queues]   (only these pages, to see which costs)
 *
 * Headed needs a display: `xvfb-run -a node scripts/render-bench.mjs --headed`.
 */
import { chromium } from '@playwright/test';
import { parseArgs } from 'node:util';
import { buildBench, CHROMIUM_ARGS, serveDir } from './render-bench/bench-server.mjs';

const GOAL_FPS = 55;
/** Issue 17's goal: no frame over 50 ms, and the 5th percentile of per-second fps at least GOAL_FPS. */
const GOAL_WORST_FRAME_MS = 50;

/** fresh: the demo's 3+3 cluster (3 slot ranges). resharded: 12 masters, slots in 2048 interleaved ranges. */
const SCENARIOS = {
  fresh: { masters: 3, ranges: 3 },
  resharded: { masters: 12, ranges: 2048 },
};

const { values } = parseArgs({
  options: {
    headed: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '20' },
    scenario: { type: 'string', default: 'all' },
    'no-build': { type: 'boolean', default: false },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    json: { type: 'boolean', default: false },
    views: { type: 'string' },
  },
  strict: true,
});
const scenarios = values.scenario === 'all' ? Object.keys(SCENARIOS) : [values.scenario];
for (const s of scenarios) if (!SCENARIOS[s]) throw new Error(`--scenario ${s}: expected fresh, resharded or all`);
if (values.headed && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  throw new Error('--headed needs a display: run under `xvfb-run -a`');
}

async function runScenario(browser, base, name) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const query = new URLSearchParams({
    ...SCENARIOS[name],
    seconds: values.seconds,
    ...(values.views ? { views: values.views } : {}),
  });
  await page.goto(`${base}/bench/index.html?${query}`);
  const timeout = (Number(values.seconds) + 30) * 1000;
  await page.waitForSelector('html[data-state="done"], html[data-state="failed"]', { timeout });
  const result = await page.evaluate(() => globalThis.benchResult ?? { error: globalThis.benchError });
  await page.close();
  if (result.error) throw new Error(`${name}: ${result.error}`);
  return { scenario: name, errors, ...result };
}

const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

const meetsGoal = (r) => r.longestFrameMs <= GOAL_WORST_FRAME_MS && r.windowP5Fps >= GOAL_FPS;

function report(r, mode) {
  const verdict = (fps) => (fps >= GOAL_FPS ? 'meets' : 'BELOW');
  const o = r.options;
  console.log(
    [
      `${r.scenario} (${o.masters} masters, ${o.ranges} slot ranges, ${o.queues} queues) — ${mode}, ${f(r.durationMs / 1000)} s, ${r.ticks} stream ticks`,
      `  fps from frame intervals: median ${f(r.medianFps)}, p5 ${f(r.p5Fps)}   goal >= ${GOAL_FPS}: ${verdict(r.medianFps)} / ${verdict(r.p5Fps)}`,
      `  fps per 1-s window:       median ${f(r.windowMedianFps, 0)}, p5 ${f(r.windowP5Fps, 0)}   goal >= ${GOAL_FPS}: ${verdict(r.windowMedianFps)} / ${verdict(r.windowP5Fps)}`,
      `  mean fps      ${f(r.meanFps).padStart(6)}   (${r.frames} frames; idle rAF rate before the stream: ${f(r.idleFps)} fps)`,
      `  worst frame   ${f(r.longestFrameMs).padStart(6)} ms, ${r.droppedFrames} frames > 1.5 × median   goal <= ${GOAL_WORST_FRAME_MS} ms: ${r.longestFrameMs <= GOAL_WORST_FRAME_MS ? 'meets' : 'ABOVE'}`,
      `  per update    ${f(r.tickMedianMs).padStart(6)} ms median, ${f(r.tickMaxMs)} ms max (store + React render/commit)`,
      `  long tasks    ${r.longTasks ?? 'n/a'} (${f(r.longTaskTotalMs, 0)} ms total)`,
      `  goal (no frame > ${GOAL_WORST_FRAME_MS} ms, per-second fps p5 >= ${GOAL_FPS}): ${meetsGoal(r) ? 'MET' : 'NOT MET'}`,
      ...(r.errors.length ? [`  page errors:  ${r.errors.join(' | ')}`] : []),
    ].join('\n'),
  );
}

const outDir = await buildBench({ reuse: values['no-build'] });
const { server, base } = await serveDir(outDir);
const browser = await chromium.launch({
  executablePath: values.chromium,
  headless: !values.headed,
  args: [...CHROMIUM_ARGS],
});
const mode = `${values.headed ? 'headed' : 'headless'} Chromium ${browser.version()}`;
try {
  const results = [];
  for (const name of scenarios) results.push(await runScenario(browser, base, name));
  if (values.json)
    console.log(
      JSON.stringify(
        {
          mode,
          goalFps: GOAL_FPS,
          goalWorstFrameMs: GOAL_WORST_FRAME_MS,
          results: results.map((r) => ({ ...r, meetsGoal: meetsGoal(r) })),
        },
        null,
        2,
      ),
    );
  else for (const r of results) report(r, mode);
} finally {
  await browser.close();
  server.close();
}
