import { startWatchedTask } from '../queue-helpers';
import { expect, test } from '../fixtures';
import { TaskDrawerPage } from '../pages/task-drawer';

test('a task with progress and logs is watched live in the drawer and then cancelled', async ({ console: c, env }) => {
  const name = `e2e-life-${Date.now().toString(36)}`;
  const id = 'watched-1';
  const run = await startWatchedTask(env, name, id);
  try {
    await c.open('tasks');
    await expect(c.id('task-queue').locator(`option[value="${name}"]`)).toHaveCount(1, { timeout: 30_000 });
    await c.chooseQueue(name);
    await c.id('task-state-active').click();
    await expect(c.id(`task-row-${id}`)).toBeVisible({ timeout: 15_000 });
    await expect(c.id(`task-progress-${id}`)).toHaveAttribute('data-value', /^[1-9]\d*$/);

    const drawer = new TaskDrawerPage(c);
    await drawer.open(id);
    await expect(drawer.root).toHaveAttribute('data-task-state', 'active');
    await expect(drawer.root).toHaveAttribute('data-following', 'true');
    // Live: progress and the log grow while the drawer stays open, with no click from us.
    const first = await drawer.progressAbove(0);
    const linesBefore = await drawer.logLines();
    await drawer.progressAbove(first);
    await expect.poll(() => drawer.logLines(), { timeout: 15_000 }).toBeGreaterThan(linesBefore);
    await expect(c.id('task-log-line').last()).toHaveText(/^step \d+$/);
    await c.shot('11-drawer-live');

    const requestedAt = Date.now();
    await drawer.cancel(new RegExp(`Cancel the running task ${id} of queue ${name}`));
    // The worker's handler sees its signal aborted within about a second of the request.
    const abortedAt = await Promise.race([
      run.aborted,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the handler was not aborted in 10 s')), 10_000),
      ),
    ]);
    console.log(`[e2e] handler aborted ${abortedAt - requestedAt} ms after Cancel was confirmed`);
    expect(abortedAt - requestedAt).toBeLessThan(3000);
    await expect(drawer.root).toHaveAttribute('data-task-state', 'cancelled', { timeout: 15_000 });
    await expect(drawer.root).toHaveAttribute('data-following', 'false');
    await expect(c.id('task-cancel')).toBeDisabled();
    await c.shot('11-drawer-cancelled');

    // The API agrees, and it was not retried.
    const stored = await run.queue.get(id);
    expect(stored?.state).toBe('cancelled');
    expect(stored?.attemptsMade).toBe(1);
    await c.id('task-drawer-close').click();
    await c.id('task-state-cancelled').click();
    await expect(c.id(`task-row-${id}`)).toBeVisible();
  } finally {
    await run.stop();
  }
});
