import { countInRedis, seedQueue, startFixingWorker } from '../queue-helpers';
import { expect, test } from '../fixtures';
import { TaskDrawerPage } from '../pages/task-drawer';

test('a failed task is edited in the drawer and retried, then completes; the edit shows in its history and the audit log', async ({
  console: c,
  env,
  redis,
}) => {
  const name = `e2e-edit-${Date.now().toString(36)}`;
  const id = 'broken-1';
  await seedQueue(env, name, { count: 1, outcome: 'failed', ids: () => id, payload: () => ({ to: 'x@example.com' }) });
  const worker = await startFixingWorker(env, name);
  try {
    await c.open('tasks');
    await expect(c.id('task-queue').locator(`option[value="${name}"]`)).toHaveCount(1, { timeout: 30_000 });
    await c.chooseQueue(name);
    await c.id('task-state-failed').click();
    const drawer = new TaskDrawerPage(c);
    await drawer.open(id);
    await c.id('task-edit-open').click();
    const editor = c.id('task-edit-payload');
    await editor.fill('{"to": "x@example.com", "fixed": tru');
    await expect(c.id('task-edit-payload-json-error')).toBeVisible();
    await expect(c.id('task-edit-submit')).toBeDisabled();
    await editor.fill('{"to": "x@example.com", "fixed": true}');
    await expect(c.id('task-edit-submit')).toBeEnabled();
    await c.id('task-edit-submit').click();
    await c.confirm(new RegExp(`Replace the payload of the failed task ${id} of queue ${name}`));
    await expect.poll(() => countInRedis(redis, name, 'completed'), { timeout: 20_000 }).toBe(1);
    await expect(c.id('task-edits')).toContainText('was {"to":"x@example.com"}', { timeout: 10_000 });
    await c.shot('12-edited');

    await c.id('task-drawer-close').click();
    await c.open('audit');
    await c.id('audit-filter-queue').selectOption(name);
    const row = c.id('audit-row').filter({ hasText: 'payload:retry-edited' });
    await expect(row).toHaveCount(1, { timeout: 10_000 });
    await expect(row).toContainText(`${name} / ${id}`);
    await expect(row).toHaveAttribute('data-outcome', 'ok');
  } finally {
    await worker.stop();
  }
});
