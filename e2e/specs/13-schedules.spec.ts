import { expect, skipWithReason, test } from '../fixtures';
import { ConsolePage } from '../pages/console-page';
import { countInRedis, startCompletingWorker } from '../queue-helpers';
import { Queue } from '../../src-main/queue/queue';
import { createConnection } from '../../src-main/redis/create-connection';
import { startServeCli } from '../serve-process';

test('a schedule is created in the console, fires, and is paused there: no fire after the pause', async ({
  console: c,
  env,
  redis,
}) => {
  const name = `e2e-sched-${Date.now().toString(36)}`;
  const id = 'every-second';
  const worker = await startCompletingWorker(env, name);
  try {
    await c.open('schedules');
    await expect(c.id('schedule-queue').locator(`option[value="${name}"]`)).toHaveCount(1, { timeout: 30_000 });
    await c.id('schedule-queue').selectOption(name);
    await c.id('schedule-id').fill(id);

    // The cron expression and zone are checked as they are typed, naming the bad value.
    await c.id('schedule-kind-cron').check();
    await c.id('schedule-cron').fill('0 3 * *');
    await expect(c.id('schedule-spec-error')).toContainText('cron expression "0 3 * *" has 4 field(s)');
    await expect(c.id('schedule-submit')).toBeDisabled();
    await c.id('schedule-cron').fill('0 3 * * *');
    await c.id('schedule-tz').fill('Europe/Berlim');
    await expect(c.id('schedule-spec-error')).toContainText('time zone "Europe/Berlim" is not known');
    await c.id('schedule-tz').fill('Europe/Berlin');
    await expect(c.id('schedule-preview-fire')).toHaveCount(5);
    await c.shot('13-cron-preview');

    await c.id('schedule-kind-every').check();
    await c.id('schedule-every').fill('1000');
    await expect(c.id('schedule-preview-fire')).toHaveCount(5);
    await c.id('schedule-payload').fill('{"tick": true}');
    await c.id('schedule-submit').click();
    await c.confirm(new RegExp(`Create schedule ${id} of queue ${name}: every 1 s`));

    const row = c.id('schedule-row').and(c.page.locator(`[data-queue="${name}"]`));
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-paused', 'false');
    // It fires: tasks arrive in Redis and are completed by the worker; the console's counter follows.
    await expect.poll(() => countInRedis(redis, name, 'completed'), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await expect
      .poll(async () => Number(await row.getByTestId('schedule-fires').getAttribute('data-value')), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(3);
    await expect(row.getByTestId('schedule-last-task')).not.toBeEmpty();
    await c.shot('13-firing');

    await row.getByTestId('schedule-pause').click();
    await c.confirm(new RegExp(`Pause schedule ${id} of queue ${name}`));
    await expect(row).toHaveAttribute('data-paused', 'true');
    await expect(row.getByTestId('schedule-state')).toHaveText('paused');
    await c.shot('13-paused');

    // The pause is one script: once the console shows it, no tick fires. Let the worker finish
    // what was already enqueued, then every task in Redis is one fire, and the count stays put.
    await expect
      .poll(
        async () => {
          const n = await worker.queue.counts();
          return n.waiting + n.delayed + n.active;
        },
        { timeout: 10_000 },
      )
      .toBe(0);
    const fires = async () => (await worker.queue.listSchedules()).find((s) => s.id === id)!.fires;
    const firesAtPause = await fires();
    const doneAtPause = await countInRedis(redis, name, 'completed');
    expect(doneAtPause).toBe(firesAtPause);
    // Watched for 5 s (five 1-second ticks the schedule would have fired), bounded.
    for (let second = 1; second <= 5; second++) {
      await new Promise((r) => setTimeout(r, 1000));
      expect(await countInRedis(redis, name, 'completed'), `completed after ${second} s paused`).toBe(doneAtPause);
      expect(await countInRedis(redis, name, 'waiting'), `waiting after ${second} s paused`).toBe(0);
      expect(await fires(), `fires after ${second} s paused`).toBe(firesAtPause);
    }
  } finally {
    await worker.stop();
  }
});

test('a read-only console shows schedules and limits with every control disabled, and main refuses the changes', async ({
  env,
  isElectron,
  playwright,
  launchOptions,
  viewport,
}) => {
  skipWithReason(isElectron, 'read-only is a flag of slotline serve; the Electron app has no such flag');
  const name = `e2e-sched-ro-${Date.now().toString(36)}`;
  const handle = await createConnection({
    mode: 'cluster',
    nodes: env.ports.map((port) => ({ host: '127.0.0.1', port })),
    tls: false,
  });
  const serve = await startServeCli(['--read-only', '--cluster', env.seeds]);
  const browser = await playwright.chromium.launch(launchOptions);
  try {
    // No worker runs for this queue, so the schedule is stored but never fires.
    const q = await Queue.open(handle, name, { partitions: 1 });
    await q.upsertSchedule('nightly', { cron: '0 3 * * *', tz: 'Europe/Berlin' }, { payload: { report: true } });
    await q.setRateLimit({ max: 100, perMs: 1000 });
    const page = await browser.newPage({ viewport });
    await page.goto(serve.url);
    const c = new ConsolePage(page);
    await expect(c.id('read-only-badge')).toBeVisible();
    await c.open('schedules');
    const row = c.id('schedule-row').and(page.locator(`[data-queue="${name}"]`));
    await expect(row).toHaveCount(1, { timeout: 15_000 });
    await expect(row.getByTestId('schedule-spec')).toHaveText('cron 0 3 * * * (Europe/Berlin)');
    for (const id of ['schedule-pause', 'schedule-run', 'schedule-remove'])
      await expect(row.getByTestId(id)).toBeDisabled();
    await expect(c.id('schedule-id')).toBeDisabled();
    await expect(c.id('schedule-submit')).toBeDisabled();
    await c.shot('13-read-only-schedules');

    await c.open('queues');
    await c.id(`queue-row-${name}`).click();
    await expect(c.id(`queue-row-${name}`).getByTestId('queue-limits')).toHaveText('100/s');
    for (const id of ['limit-set-rate', 'limit-remove-rate', 'concurrency-set']) await expect(c.id(id)).toBeDisabled();

    const force = async (channel: string, data: unknown) => {
      const r = await page.request.post(`${serve.baseUrl}/api/invoke/${channel}`, {
        headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json', Origin: serve.baseUrl },
        data,
      });
      return (await r.json()) as { ok: boolean; error?: { code: string } };
    };
    expect((await force('schedules:pause', { queue: name, id: 'nightly' })).error?.code).toBe('read-only');
    expect((await force('limits:set-rate', { queue: name, limit: null })).error?.code).toBe('read-only');
    expect((await q.listSchedules()).map((s) => [s.id, s.paused])).toEqual([['nightly', false]]);
    expect((await q.limitStatus()).rateLimit).toEqual({ max: 100, perMs: 1000 });
  } finally {
    await browser.close();
    await serve.stop();
    await handle.close();
  }
});
