/** The malformed HTTP requests of malformed-http.redis.test.ts, sent as raw bytes, and the check of each answer. */
import net from 'node:net';

/** True once `text` holds one whole response (by Content-Length or the last chunk). */
export function complete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1 || /^HTTP\/1\.1 100 /.test(text)) return false;
  const head = text.slice(0, end);
  const length = /^content-length: (\d+)$/im.exec(head);
  if (length) return text.length - end - 4 >= Number(length[1]);
  return /^transfer-encoding: chunked$/im.test(head) && text.endsWith('0\r\n\r\n');
}

/**
 * Sends raw bytes and reads the answer: until it is complete, the server closes, or 5 s pass.
 * `halfClose` sends EOF after the bytes (a client that stops mid-request); a normal client does
 * not, since Node's server drops a response still on its way to a half-closed socket.
 */
export function raw(port: number, bytes: string | Buffer, options: { halfClose?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let resolved = false;
    const done = () => {
      if (resolved) return;
      resolved = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, 5000);
    socket.on('data', (d) => {
      chunks.push(d);
      if (complete(Buffer.concat(chunks).toString('latin1'))) done();
    });
    socket.on('error', () => undefined); // a reset after the answer is fine
    socket.on('close', done);
    socket.write(bytes, () => {
      if (options.halfClose) socket.end();
    });
  });
}

/** Sends a big body in pieces (a huge upload), then reads the answer. */
export function rawUpload(port: number, head: string, bodyBytes: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks).toString('latin1'));
    const timer = setTimeout(() => (socket.destroy(), done()), 10_000);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => (clearTimeout(timer), done()));
    socket.write(head);
    const piece = Buffer.alloc(64 * 1024, 0x78);
    let sent = 0;
    const pump = () => {
      while (sent < bodyBytes && !socket.destroyed) {
        sent += piece.length;
        if (!socket.write(piece)) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.end();
    };
    pump();
  });
}

export interface Case {
  name: string;
  send: (port: number) => Promise<string>;
  /** Statuses that are right for this case (all 4xx). */
  expect: number[];
}

export const H = (host: string) => `Host: ${host}\r\n`;
export const WS_HEADERS = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n';
export const WS_KEY = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

/** Cases that mean the same to both servers. */
export function commonCases(host: string): Case[] {
  const c = (name: string, bytes: string | Buffer, expectStatus: number[]): Case => ({
    name,
    send: (port) => raw(port, bytes),
    expect: expectStatus,
  });
  return [
    // Defect 2: absolute-form targets that are not URLs.
    c('GET http://[', `GET http://[ HTTP/1.1\r\n${H(host)}\r\n`, [400]),
    c('GET http://[ with Upgrade: websocket', `GET http://[ HTTP/1.1\r\n${H(host)}${WS_HEADERS}${WS_KEY}\r\n`, [400]),
    c('GET http://[::1 (unclosed IPv6)', `GET http://[::1 HTTP/1.1\r\n${H(host)}\r\n`, [400]),
    c('GET //[ (scheme-relative, bad host)', `GET //[ HTTP/1.1\r\n${H(host)}\r\n`, [400]),
    c('GET http://a:99999/ (port out of range)', `GET http://a:99999/ HTTP/1.1\r\n${H(host)}\r\n`, [400]),
    c('GET http://[ HTTP/1.0 without Host', `GET http://[ HTTP/1.0\r\n\r\n`, [400]),
    c('target with a NUL byte', `GET /\0 HTTP/1.1\r\n${H(host)}\r\n`, [400]),
    c('target with a space', `GET /a b HTTP/1.1\r\n${H(host)}\r\n`, [400]),
    c('target with a raw DEL byte', `GET /\x7f HTTP/1.1\r\n${H(host)}\r\n`, [400]),
    c('100 KB target', `GET /${'a'.repeat(100_000)} HTTP/1.1\r\n${H(host)}\r\n`, [431]),
    // Request line and methods.
    c('unknown method BREW', `BREW / HTTP/1.1\r\n${H(host)}\r\n`, [400]),
    c('lower-case method', `get / HTTP/1.1\r\n${H(host)}\r\n`, [400]),
    c('method only', `GET\r\n\r\n`, [400]),
    c('HTTP/9.9', `GET / HTTP/9.9\r\n${H(host)}\r\n`, [400, 505]),
    c('binary garbage', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x0d, 0x0a, 0x0d, 0x0a]), [400]),
    c('TLS ClientHello on the HTTP port', Buffer.from('16030100a5010000a103035f', 'hex'), [400]),
    c('HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', [400, 505]),
    c('CONNECT', `CONNECT 127.0.0.1:6379 HTTP/1.1\r\n${H(host)}\r\n`, [405]),
    // Headers.
    c('HTTP/1.1 without Host', `GET / HTTP/1.1\r\n\r\n`, [400]),
    c('header line without a colon', `GET / HTTP/1.1\r\n${H(host)}Bad Header\r\n\r\n`, [400]),
    c('header name with a space', `GET / HTTP/1.1\r\n${H(host)}Foo Bar: x\r\n\r\n`, [400]),
    c('header value with NUL', `GET / HTTP/1.1\r\n${H(host)}X-A: a\0b\r\n\r\n`, [400]),
    c('obsolete line folding', `GET / HTTP/1.1\r\n${H(host)}X-A: a\r\n  b\r\n\r\n`, [400]),
    c('20 KB header', `GET / HTTP/1.1\r\n${H(host)}X-Big: ${'b'.repeat(20_000)}\r\n\r\n`, [431]),
    c(
      '3000 small headers',
      `GET / HTTP/1.1\r\n${H(host)}${Array.from({ length: 3000 }, (_, i) => `X-${i}: v`).join('\r\n')}\r\n\r\n`,
      [431],
    ),
    c('two Host headers', `GET / HTTP/1.1\r\n${H(host)}${H('evil.example')}\r\n`, [400, 403, 404]),
    c('Host header [ (malformed)', `GET /metrics HTTP/1.1\r\nHost: [\r\n\r\n`, [400, 403]),
    // Bodies.
    c('Content-Length not a number', `POST / HTTP/1.1\r\n${H(host)}Content-Length: abc\r\n\r\n`, [400]),
    c('negative Content-Length', `POST / HTTP/1.1\r\n${H(host)}Content-Length: -1\r\n\r\n`, [400]),
    c(
      'two different Content-Lengths',
      `POST / HTTP/1.1\r\n${H(host)}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab`,
      [400],
    ),
    c(
      'Content-Length with Transfer-Encoding',
      `POST / HTTP/1.1\r\n${H(host)}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      [400],
    ),
    // Answered before the body is read (405/404), or by the parser (400): a 4xx either way.
    c(
      'bad chunk size',
      `POST / HTTP/1.1\r\n${H(host)}Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n`,
      [400, 404, 405],
    ),
    c(
      'chunk longer than announced',
      `POST / HTTP/1.1\r\n${H(host)}Transfer-Encoding: chunked\r\n\r\n2\r\nabcdef\r\n0\r\n\r\n`,
      [400, 404, 405],
    ),
    c('unknown Transfer-Encoding', `POST / HTTP/1.1\r\n${H(host)}Transfer-Encoding: gzip\r\n\r\nabc`, [400, 404, 405]),
    {
      name: 'truncated headers (EOF)',
      send: (port) => raw(port, `GET / HTTP/1.1\r\n${H(host)}X-A: a`, { halfClose: true }),
      expect: [400],
    },
    c('Expect: teapot', `GET / HTTP/1.1\r\n${H(host)}Expect: teapot\r\n\r\n`, [417]),
    // WebSocket upgrades the server cannot accept.
    c('upgrade to h2c', `GET / HTTP/1.1\r\n${H(host)}Upgrade: h2c\r\nConnection: Upgrade\r\n\r\n`, [400, 404]),
    c(
      'upgrade on a path with a bad target',
      `GET http://[/api/ws HTTP/1.1\r\n${H(host)}${WS_HEADERS}${WS_KEY}\r\n`,
      [400],
    ),
  ];
}

export function serveCases(host: string, token: string, queue: string): Case[] {
  const c = (name: string, bytes: string | Buffer, expectStatus: number[]): Case => ({
    name,
    send: (port) => raw(port, bytes),
    expect: expectStatus,
  });
  const auth = `Authorization: Bearer ${token}\r\n`;
  const invoke = (channel: string, body: string, extra = '') =>
    `POST /api/invoke/${channel} HTTP/1.1\r\n${H(host)}${auth}${extra}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
  const purge = JSON.stringify({ queue, state: 'waiting' });
  return [
    // Authorisation and origin.
    c('invoke without a token', invoke('queue:purge', purge).replace(auth, ''), [401]),
    c('invoke with a wrong token', invoke('queue:purge', purge).replace(token, token.slice(1) + 'x'), [401]),
    c('invoke with a 10 KB token', invoke('queue:purge', purge).replace(token, 'x'.repeat(10_000)), [401]),
    c('invoke from a foreign Origin', invoke('queue:purge', purge, 'Origin: http://evil.example\r\n'), [403]),
    c('invoke with Sec-Fetch-Site: cross-site', invoke('queue:purge', purge, 'Sec-Fetch-Site: cross-site\r\n'), [403]),
    c('invoke through a rebinding Host', invoke('queue:purge', purge).replace(H(host), H('evil.example')), [403]),
    // Bodies, with the token, aimed at a queue that holds tasks: nothing may be stored.
    c('invoke with GET', `GET /api/invoke/queue:purge HTTP/1.1\r\n${H(host)}${auth}Connection: close\r\n\r\n`, [405]),
    c('body that is not JSON', invoke('queue:purge', '{"queue":'), [400]),
    c('body that is binary', invoke('queue:enqueue', '\u0000\u0001\u00ff'), [400]),
    c('body outside the schema', invoke('queue:purge', JSON.stringify({ queue, state: 'everything' })), [400]),
    c('body with the wrong types', invoke('queue:delete', JSON.stringify({ queue: 5, id: [] })), [400]),
    c('body with __proto__', invoke('queue:purge', `{"__proto__":{"queue":"${queue}"},"state":"waiting"}`), [400]),
    c('unknown channel', invoke('queue:drop-everything', purge), [400]),
    c('channel that is not UTF-8', invoke('%ff%fe', purge), [400]),
    c('5000-deep JSON', invoke('queue:enqueue', '['.repeat(5000) + ']'.repeat(5000)), [400]),
    {
      name: 'truncated body (Content-Length 200, 20 sent)',
      send: (port) =>
        raw(
          port,
          `POST /api/invoke/queue:purge HTTP/1.1\r\n${H(host)}${auth}Content-Length: 200\r\n\r\n${purge.slice(0, 20)}`,
          { halfClose: true },
        ),
      expect: [400],
    },
    c(
      'declared body of 1 TB',
      `POST /api/invoke/queue:enqueue HTTP/1.1\r\n${H(host)}${auth}Content-Length: 1000000000000\r\n\r\n{"queue":"${queue}"`,
      [413],
    ),
    {
      name: 'huge body (3 MiB sent)',
      send: (port) =>
        rawUpload(
          port,
          `POST /api/invoke/queue:enqueue HTTP/1.1\r\n${H(host)}${auth}Content-Length: ${3 << 20}\r\n\r\n`,
          3 << 20,
        ),
      expect: [413],
    },
    {
      name: 'huge chunked body (3 MiB sent)',
      send: (port) =>
        raw(
          port,
          `POST /api/invoke/queue:enqueue HTTP/1.1\r\n${H(host)}${auth}Transfer-Encoding: chunked\r\n\r\n${(3 << 20).toString(16)}\r\n${'x'.repeat(3 << 20)}\r\n0\r\n\r\n`,
        ),
      expect: [413],
    },
    // Static files.
    c('path traversal', `GET /../../etc/passwd HTTP/1.1\r\n${H(host)}Connection: close\r\n\r\n`, [404]),
    c('encoded traversal', `GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n${H(host)}Connection: close\r\n\r\n`, [404]),
    c('bad percent-encoding', `GET /%E0%A4%A HTTP/1.1\r\n${H(host)}Connection: close\r\n\r\n`, [404]),
    c('encoded NUL', `GET /index.html%00.js HTTP/1.1\r\n${H(host)}Connection: close\r\n\r\n`, [404]),
    c('DELETE a static file', `DELETE /index.html HTTP/1.1\r\n${H(host)}Connection: close\r\n\r\n`, [405]),
    c('TRACE /', `TRACE / HTTP/1.1\r\n${H(host)}Connection: close\r\n\r\n`, [405]),
    // WebSocket upgrades.
    c('upgrade without a token', `GET /api/ws HTTP/1.1\r\n${H(host)}${WS_HEADERS}${WS_KEY}\r\n`, [401]),
    c('upgrade with a wrong token', `GET /api/ws?token=nope HTTP/1.1\r\n${H(host)}${WS_HEADERS}${WS_KEY}\r\n`, [401]),
    c(
      'upgrade from a foreign Origin',
      `GET /api/ws?token=${token} HTTP/1.1\r\n${H(host)}Origin: http://evil.example\r\n${WS_HEADERS}${WS_KEY}\r\n`,
      [403],
    ),
    c('upgrade on another path', `GET /api/wss?token=${token} HTTP/1.1\r\n${H(host)}${WS_HEADERS}${WS_KEY}\r\n`, [404]),
    c('upgrade without a key', `GET /api/ws?token=${token} HTTP/1.1\r\n${H(host)}${WS_HEADERS}\r\n`, [400]),
    c(
      'upgrade with a bad key',
      `GET /api/ws?token=${token} HTTP/1.1\r\n${H(host)}${WS_HEADERS}Sec-WebSocket-Key: abc\r\n\r\n`,
      [400],
    ),
    c(
      'upgrade with version 99',
      `GET /api/ws?token=${token} HTTP/1.1\r\n${H(host)}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 99\r\n${WS_KEY}\r\n`,
      [400, 426],
    ),
    c(
      'upgrade with POST',
      `POST /api/ws?token=${token} HTTP/1.1\r\n${H(host)}${WS_HEADERS}${WS_KEY}Content-Length: 0\r\n\r\n`,
      [400, 405],
    ),
  ];
}

export function exporterCases(host: string): Case[] {
  const c = (name: string, bytes: string, expectStatus: number[]): Case => ({
    name,
    send: (port) => raw(port, bytes),
    expect: expectStatus,
  });
  return [
    // Defect 6: a DNS-rebinding page's requests carry its own name in Host.
    c('rebinding Host', `GET /metrics HTTP/1.1\r\n${H('evil.example')}Connection: close\r\n\r\n`, [403]),
    c('rebinding Host with port', `GET /metrics HTTP/1.1\r\n${H('evil.example:9464')}Connection: close\r\n\r\n`, [403]),
    c('LAN Host', `GET /metrics HTTP/1.1\r\n${H('192.168.1.10:9464')}Connection: close\r\n\r\n`, [403]),
    c(
      'foreign Origin',
      `GET /metrics HTTP/1.1\r\n${H(host)}Origin: http://evil.example\r\nConnection: close\r\n\r\n`,
      [403],
    ),
    c(
      'cross-site fetch',
      `GET /metrics HTTP/1.1\r\n${H(host)}Sec-Fetch-Site: cross-site\r\nConnection: close\r\n\r\n`,
      [403],
    ),
    c('POST /metrics', `POST /metrics HTTP/1.1\r\n${H(host)}Content-Length: 2\r\nConnection: close\r\n\r\n{}`, [404]),
    c('PUT /metrics', `PUT /metrics HTTP/1.1\r\n${H(host)}Content-Length: 0\r\nConnection: close\r\n\r\n`, [404]),
    c('DELETE /metrics', `DELETE /metrics HTTP/1.1\r\n${H(host)}Connection: close\r\n\r\n`, [404]),
    c('other path', `GET /api/session HTTP/1.1\r\n${H(host)}Connection: close\r\n\r\n`, [404]),
    c('traversal', `GET /metrics/../../etc/passwd HTTP/1.1\r\n${H(host)}Connection: close\r\n\r\n`, [404]),
    {
      name: 'truncated body',
      send: (port) =>
        raw(port, `POST /metrics HTTP/1.1\r\n${H(host)}Content-Length: 200\r\n\r\n{"a":`, { halfClose: true }),
      expect: [400, 404],
    },
    c('WebSocket upgrade', `GET /metrics HTTP/1.1\r\n${H(host)}${WS_HEADERS}${WS_KEY}\r\n`, [404]),
  ];
}

/** Status, headers and body of the last response in `text` (after any 100 Continue). */
export function parse(text: string): { status: number; headers: string; body: string } | undefined {
  const m = /HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(
    text.replace(/^HTTP\/1\.1 100[^\r]*\r\n\r\n/, ''),
  );
  if (!m) return undefined;
  return { status: Number(m[1]), headers: m[2]!, body: m[3]! };
}

export async function runBarrage(port: number, cases: Case[]): Promise<string[]> {
  const problems: string[] = [];
  for (const k of cases) {
    const reply = await k.send(port);
    const r = parse(reply);
    if (!r) {
      problems.push(`${k.name}: no HTTP answer (${JSON.stringify(reply.slice(0, 80))})`);
      continue;
    }
    if (!k.expect.includes(r.status)) problems.push(`${k.name}: got ${r.status}, expected ${k.expect.join('/')}`);
    if (!/^content-type: (text\/plain|application\/json)/im.test(r.headers))
      problems.push(`${k.name}: body is not text or JSON (${r.headers.split('\r\n').join(' | ')})`);
    const body = r.body.replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ''); // a chunked body's framing
    if (body.trim().length === 0) problems.push(`${k.name}: empty body`);
    if (body.length > 600) problems.push(`${k.name}: ${body.length}-character body`);
    if (/\n\s+at |Error:|node:internal/.test(body)) problems.push(`${k.name}: body looks like a stack: ${body}`);
  }
  return problems;
}
