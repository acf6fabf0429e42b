import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { ARTIFACTS } from '../env';
import { openQueue } from '../queue-helpers';
import { expect, test } from '../fixtures';

test('the partitions of a queue: masters, a warning without workers, Rebalance behind a confirmation, then the rebalance on the timeline and in the audit log', async ({
  console: c,
  env,
}) => {
  const name = `e2e-parts-${Date.now().toString(36)}`;
  const q = await openQueue(env, name, 3);
  try {
    await q.queue.enqueueBulk(Array.from({ length: 30 }, (_, i) => ({ payload: { i } })));
    await c.open('queues');
    await c.selectQueue(name);
    const rows = c.partitionRows();
    await expect(rows).toHaveCount(3);
    // No worker runs this queue: each partition holding tasks says so, in words.
    for (const row of await rows.all()) {
      await expect(row).toHaveAttribute('data-state', 'warning');
      await expect(row.getByTestId('partition-state')).toHaveText(
        /^Warning: \d+ waiting and no live worker serves this partition$/,
      );
      const master = (await row.getByTestId('partition-master').textContent()) ?? '';
      expect(env.ports.map((p) => `127.0.0.1:${p}`)).toContain(master);
    }
    await expect(c.id('spread-summary')).toHaveText('3 partitions over 3 masters: at most 1 on each');
    await expect(c.id('spread')).toHaveAttribute('data-uneven', 'false');
    await c.id('queue-partitions').screenshot({ path: path.join(ARTIFACTS, '14-partitions-panel.png') });
    // The warning rows (which the accessibility spec's queues may not have) pass axe in both themes.
    for (const scheme of ['light', 'dark'] as const) {
      await c.page.emulateMedia({ colorScheme: scheme });
      const { violations } = await new AxeBuilder({ page: c.page })
        .include('[data-testid="queue-partitions"]')
        .withTags(['wcag2a', 'wcag2aa'])
        .analyze();
      expect(violations.map((v) => `${scheme}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
        [],
      );
    }
    await c.page.emulateMedia({ colorScheme: 'light' });

    await c.id('rebalance-open').click();
    await expect(c.id('rebalance-partitions')).toHaveValue('3');
    await c.id('rebalance-partitions').fill('6');
    await c.confirm(
      new RegExp(`Queue ${name} has 3 partitions \\(generation 0\\)\\. A new generation of 6 partitions`),
    );
    await expect(c.id('rebalance-done')).toContainText(`Rebalanced ${name}: generation 1, 3 → 6 partitions`);
    // 6 new partitions, then the 3 retired ones still holding the 30 tasks.
    await expect(rows).toHaveCount(9);
    await expect(
      rows.filter({ has: c.page.locator('[data-testid="partition-state"]', { hasText: 'Warning' }) }),
    ).toHaveCount(3);
    await expect(c.id('spread-summary')).toHaveText('6 partitions over 3 masters: at most 2 on each');

    // A worker drains the retired generation, which then goes.
    q.startWorker();
    await expect(rows).toHaveCount(6, { timeout: 30_000 });
    await expect(rows.first()).toHaveAttribute('data-served', 'true', { timeout: 20_000 });
    await c.id('queue-partitions').screenshot({ path: path.join(ARTIFACTS, '14-rebalanced-panel.png') });

    await c.open('timeline');
    await c.id('timeline-filter-text').fill(name);
    await expect(c.id('timeline-row').filter({ hasText: 'generation 0 → 1, partitions 3 → 6' })).toHaveCount(1);
    await c.open('audit');
    await c.id('audit-filter-queue').selectOption(name);
    const audited = c.id('audit-row').filter({ hasText: 'queue:rebalance' });
    await expect(audited).toHaveCount(1, { timeout: 10_000 });
    await expect(audited).toHaveAttribute('data-outcome', 'ok');
    await expect(audited).toContainText('partitions=6');
  } finally {
    await q.close();
  }
});
