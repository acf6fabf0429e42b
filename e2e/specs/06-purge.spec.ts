import { countInRedis, seedQueue } from '../queue-helpers';
import { expect, test } from '../fixtures';

test('purge about 50k completed tasks: the progress bar advances, Redis holds 0 completed, and the audit view shows the purge with its count', async ({
  console: c,
  env,
  redis,
}) => {
  const queue = `e2e-purge-${Date.now().toString(36)}`;
  await seedQueue(env, queue, { count: 50_000, outcome: 'completed', partitions: 3, timeoutMs: 90_000 });
  expect(await countInRedis(redis, queue, 'completed')).toBe(50_000);
  await c.open('tasks');
  await expect(c.id('task-queue').locator(`option[value="${queue}"]`)).toHaveCount(1, { timeout: 30_000 });
  await c.chooseQueue(queue);
  await c.id('task-state-completed').click();
  // The console's counts follow the depth samples (about one a second): wait until it shows all of
  // them, as an operator would before purging.
  await expect(c.id('task-state-completed')).toContainText('(50,000)', { timeout: 30_000 });
  await c.id('purge-state').click();
  await c.confirm(new RegExp(`Permanently delete 50,000 completed tasks from queue ${queue}`));
  const bar = c.id('bulk-progress');
  await expect(bar).toHaveAttribute('data-finished', 'true');
  await expect(bar).toHaveAttribute('data-done', '50000');
  await c.shot('06-purged');
  // The bar showed intermediate values between 0 and 50,000, not just the two ends.
  expect(Number(await bar.getAttribute('data-steps'))).toBeGreaterThanOrEqual(3);
  expect(await countInRedis(redis, queue, 'completed')).toBe(0);

  // The purge is in the shared audit log, read back from Redis by the Audit view.
  await c.open('audit');
  await c.id('audit-filter-queue').selectOption(queue);
  const row = c.id('audit-row').filter({ hasText: 'queue:purge' });
  await expect(row).toHaveCount(1, { timeout: 10_000 });
  await expect(row).toHaveAttribute('data-outcome', 'ok');
  await expect(row.getByTestId('audit-count')).toHaveText('50000');
  await expect(row).toContainText('state=completed');
  await expect(row).toContainText(/serve:[0-9a-f]{8}/);
  await c.shot('06-audit');
});
