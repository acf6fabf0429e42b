import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { expect, test } from '../fixtures';

/**
 * Kill a master through the harness while the overview is open: its throughput chart marks the
 * node failure and the promotion (labelled markers, which are what a screen reader and this spec
 * find), the recent events list the promotion, the strip says who owns the slots now, and axe
 * finds no violation in that failed state in either theme. The node is restarted afterwards and
 * the cluster is ready again for the specs after this one.
 */
test('the overview shows a failover marker after a master kill', async ({ console: c, cluster }) => {
  await cluster.waitReady();
  const status = await cluster.status();
  const master = status.find((s) => s.role === 'master' && s.alive)!;
  const heir = status.find((s) => s.role === 'replica' && s.alive && s.masterPort === master.port)!;
  expect(heir, `a live replica of the master on ${master.port}`).toBeTruthy();

  await c.open('overview');
  const chart = c.id('overview-throughput-chart');
  // The demo's traffic is on the chart before the kill.
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
  // The cluster is whole before the kill (queues left by earlier specs may still be in trouble,
  // which the verdict also names, so only its cluster parts are checked).
  await expect(c.id('overview-verdict')).not.toContainText(/cluster_state|master.* down|on a failing master/);
  // An earlier spec's failover may have promoted the same node within the chart's window, so
  // the markers of this kill are the ones whose labels (they carry the time) were not there before.
  const promoted = c.overviewFailoverMarker(`promoted 127.0.0.1:${heir.port}`);
  const failed = c.overviewFailoverMarker(`failed 127.0.0.1:${master.port}`);
  const labels = (l: Locator) => l.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const promotedBefore = new Set(await labels(promoted));
  const failedBefore = new Set(await labels(failed));
  const added = async (l: Locator, before: Set<string>) => (await labels(l)).filter((x) => !before.has(x));

  await cluster.kill(master.port);
  const killedAt = Date.now();
  try {
    // node-timeout (2 s) + promotion (up to 4.5 s, FIELD-NOTES) on a loaded 2-core machine.
    await expect.poll(async () => (await added(promoted, promotedBefore)).length, { timeout: 20_000 }).toBe(1);
    process.stdout.write(`[e2e] overview marker shown ${Date.now() - killedAt} ms after the kill\n`);
    const [label] = await added(promoted, promotedBefore);
    expect(label).toMatch(/^Failover at .+: promoted 127\.0\.0\.1:\d+$/);
    const marker = c.id('overview-failover-marker').and(c.page.locator(`[aria-label=${JSON.stringify(label)}]`));
    await expect(marker).toBeVisible();
    await expect(marker).toHaveAttribute('role', 'img');
    await expect.poll(async () => (await added(failed, failedBefore)).length).toBe(1);
    await expect(chart).not.toHaveAttribute('data-markers', '0');
    await expect(
      c
        .id('overview-event')
        .and(c.page.locator('[data-type="replica-promoted"]'))
        .filter({
          hasText: `127.0.0.1:${heir.port} promoted over 127.0.0.1:${master.port}`,
        }),
    ).toBeVisible();
    await expect(c.id('overview-strip-owner').filter({ hasText: `127.0.0.1:${heir.port} ·` })).toBeVisible();
    await c.shot('14-overview-after-kill');
    await c.shot('14-overview-after-kill-full', { fullPage: true });
    // The failed state is where the overview uses its warning colours: still 0 axe violations.
    for (const scheme of ['light', 'dark'] as const) {
      await c.page.emulateMedia({ colorScheme: scheme });
      const { violations } = await new AxeBuilder({ page: c.page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      expect(violations.map((v) => `${scheme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
        [],
      );
    }
  } finally {
    await cluster.restart(master.port);
  }
  await expect
    .poll(async () => (await cluster.status()).find((s) => s.port === master.port)?.role, { timeout: 30_000 })
    .toBe('replica');
  await cluster.waitReady();
});
