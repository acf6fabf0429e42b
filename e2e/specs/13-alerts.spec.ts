import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { openQueue } from '../queue-helpers';
import { expect, test } from '../fixtures';

interface Delivery {
  body: { event: string; alert: { subject: string; ruleName: string; value?: number } };
  raw: string;
  signature: string | undefined;
}

test('a backlog rule fires when the worker stops, shows in the banner, reaches a signed webhook, and clears when the queue drains', async ({
  console: c,
  env,
}) => {
  const queueName = `e2e-alerts-${Date.now().toString(36)}`;
  // The webhook receiver: a real HTTP server on loopback, started and stopped by this spec.
  const deliveries: Delivery[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (ch: Buffer) => chunks.push(ch));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      deliveries.push({ raw, body: JSON.parse(raw), signature: req.headers['x-slotline-signature'] as string });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  const q = await openQueue(env, queueName, 3);
  try {
    // A worker runs, then stops: from then on, nothing consumes the queue.
    q.startWorker();
    await q.queue.enqueue({ warmup: true });
    await expect.poll(async () => (await q.queue.counts()).completed, { timeout: 20_000 }).toBe(1);
    await q.stopWorker();

    // The rule, made in the console's Alerts view.
    await c.open('alerts');
    await c.id('rule-name').fill(`backlog ${queueName}`);
    await c.id('rule-kind').selectOption('backlog');
    await c.id('rule-queue').fill(queueName);
    await c.id('rule-amount').fill('20');
    await c.id('rule-seconds').fill('2');
    await c.id('rule-webhook').fill(hookUrl);
    await c.id('rule-secret').fill('e2e-secret');
    await c.id('rule-save').click();
    const rule = c.id('alert-rule').filter({ hasText: `backlog ${queueName}` });
    await expect(rule).toHaveCount(1);
    await expect(rule).toContainText('(signed)');

    await q.queue.enqueueBulk(Array.from({ length: 50 }, (_, i) => ({ payload: { i } })));

    // Fires after 2 s over the threshold: in the banner (on any view) and at the webhook.
    await c.open('queues');
    const banner = c.id('alert-banner');
    await expect(banner).toContainText(`backlog ${queueName}`, { timeout: 30_000 });
    await expect(banner).toContainText(`${queueName}: 50 waiting`);
    await c.shot('13-alert-banner');
    await expect.poll(() => deliveries.filter((d) => d.body.event === 'firing').length, { timeout: 30_000 }).toBe(1);
    const fired = deliveries.find((d) => d.body.event === 'firing')!;
    expect(fired.body.alert).toMatchObject({ subject: queueName, ruleName: `backlog ${queueName}`, value: 50 });
    expect(fired.signature).toBe(`sha256=${createHmac('sha256', 'e2e-secret').update(fired.raw).digest('hex')}`);

    // A worker drains the queue: the alert resolves, the banner clears, the webhook hears it.
    q.startWorker();
    await expect(banner.filter({ hasText: queueName })).toHaveCount(0, { timeout: 30_000 });
    await expect.poll(() => deliveries.filter((d) => d.body.event === 'resolved').length, { timeout: 30_000 }).toBe(1);
    await c.open('alerts');
    await expect(
      c
        .id('alert-history-row')
        .filter({ hasText: `backlog ${queueName}` })
        .first(),
    ).toHaveAttribute('data-event', 'resolved');
    await c.shot('13-alert-resolved');
    await rule.getByTestId('alert-rule-remove').click();
    await expect(rule).toHaveCount(0);
  } finally {
    await q.close();
    await new Promise((r) => server.close(r));
  }
});
