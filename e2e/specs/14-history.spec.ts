import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { ARTIFACTS } from '../env';
import { expect, test } from '../fixtures';

// The demo's workers have been completing tasks since the cluster started: the history has them.
test('the queue view charts the history Redis keeps, for 1 h, 24 h and 7 d, with 0 axe violations', async ({
  console: c,
}) => {
  await c.open('queues');
  const history = c.id('queue-history');
  await expect(history).toHaveAttribute('data-state', 'ready');
  await expect(c.id('history-summary')).toHaveText(/^Last hour: [1-9][\d,]* completed/, { timeout: 60_000 });
  await expect(c.id('history-throughput')).toHaveAttribute('data-points', '60');
  for (const [range, points] of [
    ['24h', '288'],
    ['7d', '336'],
  ] as const) {
    await c.id(`history-range-${range}`).click();
    await expect(c.id(`history-range-${range}`)).toHaveAttribute('aria-pressed', 'true');
    await expect(history).toHaveAttribute('data-range', range);
    await expect(c.id('history-depth')).toHaveAttribute('data-points', points);
  }
  await history.scrollIntoViewIfNeeded();
  await history.screenshot({ path: path.join(ARTIFACTS, '14-history-7d.png') });
  for (const scheme of ['light', 'dark'] as const) {
    await c.page.emulateMedia({ colorScheme: scheme });
    if (scheme === 'dark') await c.id('history-range-1h').click();
    await expect(c.id('history-throughput')).toBeVisible();
    const { violations } = await new AxeBuilder({ page: c.page })
      .include('[data-testid="queue-history"]')
      .withTags(['wcag2a', 'wcag2aa'])
      .analyze();
    expect(violations.map((v) => `${scheme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
      [],
    );
  }
});
