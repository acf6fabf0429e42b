import { countInRedis, seedQueue } from '../queue-helpers';
import { startServeCli } from '../serve-process';
import { ConsolePage } from '../pages/console-page';
import { expect, skipWithReason, test } from '../fixtures';

test('read-only mode disables the actions, and a forced request is refused', async ({
  env,
  redis,
  isElectron,
  playwright,
  launchOptions,
  viewport,
}) => {
  skipWithReason(isElectron, 'read-only is a flag of slotline serve; the Electron app has no such flag');
  const queue = `e2e-ro-${Date.now().toString(36)}`;
  await seedQueue(env, queue, { count: 5, outcome: 'failed' });
  const serve = await startServeCli(['--read-only', '--cluster', env.seeds]);
  const browser = await playwright.chromium.launch(launchOptions);
  try {
    const page = await browser.newPage({ viewport });
    await page.goto(serve.url);
    const c = new ConsolePage(page);
    await expect(c.id('read-only-badge')).toBeVisible();
    await c.open('tasks');
    await expect(c.id('task-queue').locator(`option[value="${queue}"]`)).toHaveCount(1, { timeout: 30_000 });
    await c.chooseQueue(queue);
    await c.id('task-state-failed').click();
    for (const id of ['requeue-all', 'purge-state', 'pause-toggle', 'enqueue-open'])
      await expect(c.id(id)).toBeDisabled();
    await c.shot('08-read-only');
    const forced = await page.request.post(`${serve.baseUrl}/api/invoke/queue:purge`, {
      headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json', Origin: serve.baseUrl },
      data: { queue, state: 'failed' },
    });
    const body = (await forced.json()) as { ok: boolean; error?: { code: string } };
    expect(body.ok).toBe(false);
    expect(body.error?.code).toBe('read-only');
    expect(await countInRedis(redis, queue, 'failed')).toBe(5);
  } finally {
    await browser.close();
    await serve.stop();
  }
});
