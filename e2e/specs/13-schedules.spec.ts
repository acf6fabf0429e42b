import { expect, test } from '../fixtures';
import { countInRedis, startCompletingWorker } from '../queue-helpers';

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
