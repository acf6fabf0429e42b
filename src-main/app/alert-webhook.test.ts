import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, deliverWebhook, signBody } from './alert-webhook';

interface Received {
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A real HTTP receiver on 127.0.0.1: answers each request with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const noWait = { baseDelayMs: 1, maxDelayMs: 5 };

describe('alert webhooks (real local receiver)', () => {
  it('POSTs the JSON body once when the receiver answers 200, unsigned without a secret', async () => {
    const r = await receiver();
    const body = JSON.stringify({ event: 'firing', n: 1 });
    expect(await deliverWebhook(r.url, body, undefined, noWait)).toEqual({ ok: true, attempts: 1, status: 200 });
    expect(r.got).toHaveLength(1);
    expect(JSON.parse(r.got[0]!.body)).toEqual({ event: 'firing', n: 1 });
    expect(r.got[0]!.headers['content-type']).toBe('application/json');
    expect(r.got[0]!.headers['x-slotline-signature']).toBeUndefined();
  });

  it('retries a receiver that fails twice (503, 500) and succeeds on the third attempt', async () => {
    const r = await receiver([503, 500]);
    const result = await deliverWebhook(r.url, '{"a":1}', undefined, noWait);
    expect(result).toEqual({ ok: true, attempts: 3, status: 200 });
    expect(r.got.map((g) => g.body)).toEqual(['{"a":1}', '{"a":1}', '{"a":1}']);
  });

  it('signs the raw body with HMAC-SHA256; the receiver can verify it and a wrong key does not', async () => {
    const r = await receiver();
    const body = JSON.stringify({ event: 'resolved', alert: { key: 'r|q' } });
    await deliverWebhook(r.url, body, 's3cret', noWait);
    const sig = r.got[0]!.headers['x-slotline-signature'];
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(sig).toBe(signBody('s3cret', r.got[0]!.body));
    expect(sig).not.toBe(signBody('other', r.got[0]!.body));
  });

  it('gives up after the bounded number of attempts, and does not retry a 4xx refusal', async () => {
    const failing = await receiver([500, 500, 500, 500]);
    expect(await deliverWebhook(failing.url, '{}', undefined, { ...noWait, attempts: 3 })).toMatchObject({
      ok: false,
      attempts: 3,
      status: 500,
    });
    expect(failing.got).toHaveLength(3);
    const refusing = await receiver([400]);
    expect(await deliverWebhook(refusing.url, '{}', undefined, noWait)).toMatchObject({
      ok: false,
      attempts: 1,
      status: 400,
    });
  });

  it('a receiver that is not listening is retried, then reported with the error', async () => {
    const r = await receiver();
    await new Promise((done) => servers.pop()!.close(done));
    const result = await deliverWebhook(r.url, '{}', undefined, { ...noWait, attempts: 2 });
    expect(result).toMatchObject({ ok: false, attempts: 2, error: 'ECONNREFUSED' });
  });

  it('backoff doubles from the base and is capped; the total time bound stops further attempts', async () => {
    expect([2, 3, 4, 5, 6].map((n) => backoffDelay(n, 500, 3000))).toEqual([500, 1000, 2000, 3000, 3000]);
    const r = await receiver([500, 500, 500]);
    const waits: number[] = [];
    const result = await deliverWebhook(r.url, '{}', undefined, {
      baseDelayMs: 400,
      totalMs: 1000,
      sleep: async (ms) => void waits.push(ms),
    });
    // 400 fits in 1000 ms, 800 on top of it would not.
    expect(waits).toEqual([400]);
    expect(result).toMatchObject({ ok: false, attempts: 2 });
  });
});
