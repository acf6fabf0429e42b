/**
 * Which functions the bench's main thread spends its time in: a CPU profile of the measured window
 * (unminified build), self time per function, largest first. Development aid for the render bench,
 * beside trace.mjs (which splits the time by kind: script, layout, paint…):
 *
 *   node scripts/render-bench/profile.mjs 'masters=3&ranges=3&views=overview' [--reuse]
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../chromium.mjs';
import { buildBench, serveDir, CHROMIUM_ARGS } from './bench-server.mjs';

const query = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'masters=3&ranges=3';
const out = await buildBench({ minify: false, reuse: process.argv.includes('--reuse') });
const { server, base } = await serveDir(out);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto(`${base}/bench/index.html?${query}&seconds=10&warmup=3`);
await page.waitForTimeout(4500);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.waitForSelector('html[data-state="done"]', { timeout: 60000 });
const { profile } = await cdp.send('Profiler.stop');
const result = await page.evaluate(() => globalThis.benchResult);
console.log(
  `longest ${result.longestFrameMs.toFixed(0)} ms, tick median ${result.tickMedianMs.toFixed(1)} max ${result.tickMaxMs.toFixed(1)}`,
);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const f = n.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`total sampled ${total.toFixed(0)} ms`);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 35))
  console.log(v.toFixed(1).padStart(8), k);
await browser.close();
server.close();
