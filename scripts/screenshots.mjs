#!/usr/bin/env node
/**
 * Screenshots of every console view, light and dark, into docs/screenshots/<view>-<theme>.png
 * (1280×800), from a running console:
 *
 *   node --import tsx src-main/demo/run-demo.ts --web --no-open --port 0 --state-file /tmp/demo.json &
 *   node scripts/screenshots.mjs --state-file /tmp/demo.json [--kill-master]
 *   node scripts/screenshots.mjs 'http://127.0.0.1:7340/#token=…' [--kill-master <clusterDir>]
 *
 * `--kill-master` (the cluster folder; taken from the state file when given without one) then kills
 * the first master with `slotline cluster kill` and captures the slot map and the timeline just after
 * the promotion: slots-after-kill-<theme>.png, timeline-after-kill-<theme>.png. Every capture waits
 * on the view's `data-state="ready"` and on the element it shows, never on a fixed sleep.
 */
import { chromium } from '@playwright/test';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { chromiumLaunchOptions } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const THEMES = ['light', 'dark'];
const VIEWPORT = { width: 1280, height: 800 };
const TIMEOUT = 30_000;

const { values, positionals } = parseArgs({
  options: {
    'state-file': { type: 'string' },
    'kill-master': { type: 'string' },
    out: { type: 'string', default: path.join(root, 'docs/screenshots') },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
  allowPositionals: true,
  strict: true,
});
// `--kill-master` with no folder: parseArgs needs a value, so accept `--kill-master state` as "from the state file".
const state = values['state-file'] ? JSON.parse(fs.readFileSync(values['state-file'], 'utf8')) : {};
const url = positionals[0] ?? state.url;
if (!url) throw new Error('give the console URL (with its #token=…) or --state-file written by run-demo.ts');
const clusterDir = values['kill-master'] === 'state' ? state.clusterDir : values['kill-master'];
if (values['kill-master'] && !clusterDir) throw new Error('--kill-master state: the state file has no clusterDir');
fs.mkdirSync(values.out, { recursive: true });

const say = (line) => process.stdout.write(`[screenshots] ${line}\n`);
const shot = async (page, name) => {
  const file = path.join(values.out, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled' });
  say(`${path.relative(root, file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
};

/** Opens a view from the nav bar and waits for its first data, then for what it draws. */
async function open(page, view) {
  await page.getByTestId(`nav-${view}`).click();
  await page.locator(`[data-testid="page-${view}"][data-state="ready"]`).waitFor({ timeout: TIMEOUT });
  const drawn = {
    slots: '[data-testid="slot-map"] rect[data-range]',
    queues: '[data-testid="queue-depth-chart"] canvas',
    timeline: '[data-testid="timeline-table"]',
    topology: '[data-testid^="shard-"]',
  }[view];
  if (drawn) await page.locator(drawn).first().waitFor({ timeout: TIMEOUT });
  // Charts draw after ResizeObserver measured them: wait for two frames so they have their size.
  await page.evaluate(
    () => new Promise((r) => globalThis.requestAnimationFrame(() => globalThis.requestAnimationFrame(r))),
  );
}

/** Tasks view with the drawer of a task open: a failed one from any queue if there is one (it shows the most). */
async function openTaskDrawer(page) {
  await open(page, 'tasks');
  const queues = await page
    .getByTestId('task-queue')
    .locator('option')
    .evaluateAll((o) => o.map((x) => x.value));
  for (const state of ['failed', 'completed', 'waiting', 'delayed', 'active']) {
    for (const queue of queues) {
      await page.getByTestId('task-queue').selectOption(queue);
      await page.getByTestId(`task-state-${state}`).click();
      await page.locator('[data-testid="page-tasks"][data-state="ready"]').waitFor({ timeout: TIMEOUT });
      const first = page.locator('[data-testid^="task-open-"]').first();
      const found = await first.waitFor({ timeout: 2000 }).then(
        () => true,
        () => false,
      );
      if (!found) continue;
      await first.click();
      await page.getByTestId('task-drawer').waitFor({ timeout: TIMEOUT });
      return;
    }
  }
  say('no task in any queue or state: tasks view captured without the drawer');
}

async function newConsole(browser, theme) {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: theme, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.on('pageerror', (e) => say(`page error (${theme}): ${e.message}`));
  await page.goto(url);
  await page.getByTestId('app').waitFor({ timeout: TIMEOUT });
  return page;
}

/** Port of the first master the topology view lists. */
async function firstMasterPort(page) {
  await open(page, 'topology');
  const text = await page.locator('[data-testid^="node-"][data-role="master"]').first().innerText();
  const port = /:(\d+)/.exec(text)?.[1];
  if (!port) throw new Error(`no port in the first master row: ${JSON.stringify(text)}`);
  return port;
}

const browser = await chromium.launch(chromiumLaunchOptions(values.chromium));
try {
  const pages = {};
  for (const theme of THEMES) {
    const page = (pages[theme] = await newConsole(browser, theme));
    for (const view of ['overview', 'slots', 'topology', 'timeline', 'queues', 'connection']) {
      await open(page, view);
      // A demo that just started has a few minutes of depth at most: the shortest window shows it best.
      if (view === 'queues') await page.getByTestId('depth-window-5min').click();
      await shot(page, `${view}-${theme}`);
    }
    await openTaskDrawer(page);
    await shot(page, `tasks-${theme}`);
    await page.keyboard.press('Escape');
  }

  if (clusterDir) {
    const port = await firstMasterPort(pages.light);
    for (const theme of THEMES) await open(pages[theme], 'slots');
    say(`killing the master on port ${port}`);
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'bin/slotline.mjs'), 'cluster', 'kill', port, '--dir', clusterDir],
      { cwd: root },
    );
    say(stdout.trim());
    // The flashing outline marks the slots whose owner just changed: the promotion has happened.
    for (const theme of THEMES) {
      await pages[theme].getByTestId('slot-moved').first().waitFor({ timeout: 60_000 });
      await shot(pages[theme], `slots-after-kill-${theme}`);
    }
    for (const theme of THEMES) {
      await open(pages[theme], 'timeline');
      await pages[theme]
        .locator('[data-testid="timeline-row"][data-type="replica-promoted"]')
        .first()
        .waitFor({ timeout: TIMEOUT });
      await shot(pages[theme], `timeline-after-kill-${theme}`);
    }
  }
} finally {
  await browser.close();
}
