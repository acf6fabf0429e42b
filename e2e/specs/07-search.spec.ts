import { seedQueue } from '../queue-helpers';
import { expect, test } from '../fixtures';

test('search finds a task by id and by payload text; the drawer shows its attempts and last error', async ({
  console: c,
  env,
}) => {
  const queue = `e2e-search-${Date.now().toString(36)}`;
  await seedQueue(env, queue, {
    count: 20,
    outcome: 'failed',
    attempts: 2,
    ids: (i) => `order-${1000 + i}`,
    payload: (i) => ({ customer: `customer-${i}@example.test`, amount: i * 10 }),
  });
  await c.open('tasks');
  await expect(c.id('task-queue').locator(`option[value="${queue}"]`)).toHaveCount(1, { timeout: 30_000 });
  await c.chooseQueue(queue);

  await c.id('task-search').fill('order-1007');
  await c.id('task-search-submit').click();
  await expect(c.id('task-row-order-1007')).toBeVisible();
  await expect(c.page.locator('[data-testid^="task-row-"]')).toHaveCount(1);
  await c.shot('07-search-by-id');

  await c.id('task-search').fill('customer-13@example');
  await c.id('task-search-submit').click();
  await expect(c.id('task-row-order-1013')).toBeVisible();
  await c.id('task-open-order-1013').click();
  const drawer = c.id('task-drawer');
  await expect(drawer).toBeVisible();
  await expect(c.id('task-last-error')).toContainText('e2e failure of order-1013 on attempt 2');
  await expect(
    c
      .id('task-history')
      .locator('tr, li')
      .filter({ hasText: /failed/ }),
  ).toHaveCount(2);
  await expect(c.id('task-payload')).toContainText('customer-13@example.test');
  await c.shot('07-drawer');
});
