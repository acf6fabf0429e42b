import { countInRedis, seedQueue } from '../queue-helpers';
import { expect, test } from '../fixtures';

test('requeue all failed tasks from the Tasks view: the dialog shows the count, Redis ends with 0 failed', async ({
  console: c,
  env,
  redis,
}) => {
  const queue = `e2e-requeue-${Date.now().toString(36)}`;
  await seedQueue(env, queue, { count: 40, outcome: 'failed', partitions: 3 });
  expect(await countInRedis(redis, queue, 'failed')).toBe(40);
  await c.open('tasks');
  await expect(c.id('task-queue').locator(`option[value="${queue}"]`)).toHaveCount(1, { timeout: 30_000 });
  await c.chooseQueue(queue);
  await c.id('task-state-failed').click();
  await expect(c.id('task-table')).toBeVisible();
  await c.id('requeue-all').click();
  await c.confirm(new RegExp(`Move all 40 failed tasks of queue ${queue} back to waiting`));
  await expect(c.id('bulk-progress')).toHaveAttribute('data-finished', 'true');
  await expect(c.id('bulk-progress')).toHaveAttribute('data-done', '40');
  await c.shot('05-requeued');
  expect(await countInRedis(redis, queue, 'failed')).toBe(0);
  expect(await countInRedis(redis, queue, 'waiting')).toBe(40);
});
