/**
 * Where the bench's main-thread time goes, by trace event (script, style, layout, paint…), from a
 * Chromium trace of the measured window: main-thread time per tick, the longest tasks and what ran
 * in them, totals per event. Development aid for the render bench:
 *
 *   node scripts/render-bench/trace.mjs [query, e.g. masters=12&ranges=2048]
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../chromium.mjs';
import { buildBench, serveDir, CHROMIUM_ARGS } from './bench-server.mjs';

const out = await buildBench({ minify: false });
const { server, base } = await serveDir(out);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto(`${base}/bench/index.html?${process.argv[2] ?? 'masters=12&ranges=2048'}&seconds=8&warmup=3`);
await page.waitForTimeout(3500);
await browser.startTracing(page, {
  categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'],
});
// Polled twice a second, not every frame: Playwright's selector polling runs on the page's main
// thread and would show up in the figures.
await page.waitForFunction(() => globalThis.document.documentElement.dataset.state === 'done', null, {
  timeout: 60000,
  polling: 500,
});
const trace = JSON.parse((await browser.stopTracing()).toString());
const result = await page.evaluate(() => globalThis.benchResult);
console.log(
  `median ${result.medianFps.toFixed(1)} fps, p5 ${result.p5Fps.toFixed(1)}, longest ${result.longestFrameMs.toFixed(0)} ms, ` +
    `per update ${result.tickMedianMs.toFixed(1)} ms median, ${result.tickMaxMs.toFixed(1)} ms max`,
);

const events = trace.traceEvents ?? trace;
const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
const names = [
  'FunctionCall',
  'EvaluateScript',
  'RunMicrotasks',
  'TimerFire',
  'FireAnimationFrame',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'HitTest',
  'MajorGC',
  'MinorGC',
  'V8.GC_SCAVENGER',
  'ParseHTML',
];
const totals = new Map();
for (const e of events) {
  if (e.pid !== main?.pid || e.tid !== main?.tid || e.ph !== 'X' || !names.includes(e.name)) continue;
  const t = totals.get(e.name) ?? { ms: 0, n: 0, max: 0 };
  t.ms += e.dur / 1000;
  t.n++;
  t.max = Math.max(t.max, e.dur / 1000);
  totals.set(e.name, t);
}
// Main-thread time per stream tick (one a second): every top-level task, whatever it ran.
const tasks = events
  .filter(
    (e) => e.pid === main?.pid && e.tid === main?.tid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask',
  )
  .sort((a, b) => a.ts - b.ts);
if (tasks.length > 1) {
  const busy = tasks.reduce((sum, t) => sum + t.dur, 0) / 1000;
  const seconds = (tasks.at(-1).ts + tasks.at(-1).dur - tasks[0].ts) / 1e6;
  console.log(
    `main thread busy ${busy.toFixed(0)} ms in ${seconds.toFixed(1)} s: ${(busy / seconds).toFixed(0)} ms per tick`,
  );
  const within = (t) =>
    events.filter(
      (e) =>
        e.ph === 'X' &&
        e.tid === t.tid &&
        e.pid === t.pid &&
        names.includes(e.name) &&
        e.ts >= t.ts &&
        e.ts + e.dur <= t.ts + t.dur,
    );
  for (const t of [...tasks].sort((a, b) => b.dur - a.dur).slice(0, 3)) {
    const by = new Map();
    for (const e of within(t)) by.set(e.name, (by.get(e.name) ?? 0) + e.dur / 1000);
    const parts = [...by].sort((a, b) => b[1] - a[1]).map(([n, ms]) => `${n} ${ms.toFixed(1)}`);
    console.log(`  longest task ${(t.dur / 1000).toFixed(1)} ms: ${parts.join(', ') || 'nothing traced inside'}`);
  }
}
for (const [name, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms))
  console.log(
    `${name.padEnd(20)} ${t.ms.toFixed(0).padStart(6)} ms total  ${String(t.n).padStart(5)} events  max ${t.max.toFixed(1)} ms`,
  );
await browser.close();
server.close();
