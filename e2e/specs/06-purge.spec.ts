import { countInRedis, seedQueue } from '../queue-helpers';
import { expect, test } from '../fixtures';

test('purge about 50k completed tasks: the progress bar advances and Redis holds 0 completed', async ({
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
  await c.id('purge-state').click();
  await c.confirm(new RegExp(`Permanently delete 50,000 completed tasks from queue ${queue}`));
  // Sample the bar while it runs: it must show intermediate progress, not jump from 0 to done.
  const seen = new Set<number>();
  const bar = c.id('bulk-progress');
  await bar.waitFor();
  for (let i = 0; i < 600; i++) {
    seen.add(Number(await bar.getAttribute('data-done')));
    if ((await bar.getAttribute('data-finished')) === 'true') break;
    await c.page.waitForTimeout(20);
  }
  await expect(bar).toHaveAttribute('data-finished', 'true');
  await expect(bar).toHaveAttribute('data-done', '50000');
  await c.shot('06-purged');
  const intermediate = [...seen].filter((d) => d > 0 && d < 50_000);
  expect(intermediate.length, `progress values seen: ${[...seen].slice(0, 20).join(', ')}`).toBeGreaterThan(0);
  expect(await countInRedis(redis, queue, 'completed')).toBe(0);
});
