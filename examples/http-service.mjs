// A small HTTP service that enqueues one task per request:
//   POST /emails {"to":"ada@example.test"}  → 202 {"id":"…","partition":1}
//   GET  /emails/stats                      → 200 the queue's counts
//   PORT=3000 REDIS_URL=redis://127.0.0.1:6379 node examples/http-service.mjs
// PORT=0 picks a free port; the address is printed. SIGTERM stops it after in-flight requests.
import http from 'node:http';
import { connect, Queue, SlotlineError } from 'slotline';

const queueName = process.env.QUEUE ?? 'emails';
const connection = await connect();
const emails = await Queue.open(connection, queueName, { partitions: 3 });

async function readJson(req, limit = 64 * 1024) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > limit) throw Object.assign(new Error(`body over ${limit} bytes`), { status: 413 });
  }
  try {
    return JSON.parse(body);
  } catch {
    throw Object.assign(new Error('body is not JSON: expected {"to":"…"}'), { status: 400 });
  }
}

function reply(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/emails') {
      const payload = await readJson(req);
      if (typeof payload?.to !== 'string') return reply(res, 400, { error: 'expected {"to":"…"}' });
      // An Idempotency-Key header makes client retries safe: the same key enqueues once.
      const key = req.headers['idempotency-key'];
      const { id, partition, created } = await emails.enqueue(payload, typeof key === 'string' ? { id: key } : {});
      return reply(res, created ? 202 : 200, { id, partition });
    }
    if (req.method === 'GET' && req.url === '/emails/stats') return reply(res, 200, await emails.counts());
    reply(res, 404, { error: `no route ${req.method} ${req.url}` });
  } catch (e) {
    const status = e.status ?? (e instanceof SlotlineError ? 400 : 500);
    reply(res, status, { error: e.message, ...(e instanceof SlotlineError ? { code: e.code } : {}) });
  }
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => {
  server.close(async () => {
    await connection.close();
    process.exit(0);
  });
});
