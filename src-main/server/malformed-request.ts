import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** The parts of a request target the servers route on. */
export interface RequestTarget {
  pathname: string;
  searchParams: URLSearchParams;
}

/**
 * Parses a request target (origin-form `/a?b`, or absolute-form `http://h/a`), or returns
 * undefined when it is not a URL at all (`http://[`), so the caller answers 400 instead of
 * letting `new URL()` throw out of a synchronous listener and take the process down.
 */
export function parseRequestTarget(target: string | undefined): RequestTarget | undefined {
  if (target === undefined || target === '') return undefined;
  if (!URL.canParse(target, 'http://local')) return undefined;
  const url = new URL(target, 'http://local');
  return { pathname: url.pathname, searchParams: url.searchParams };
}

/** A complete HTTP/1.1 response with a short text body, then the socket is closed. */
export function rawResponse(status: number, reason: string, text: string): string {
  const body = `${text}\n`;
  return (
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
    `X-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** What the HTTP parser's error codes mean, for the one line the client gets back. */
function describeParseError(code: string | undefined): { status: number; reason: string; text: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, reason: 'Request Header Fields Too Large', text: 'the request headers are over 16 KiB' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', text: 'the request did not arrive in time' };
    case 'HPE_INVALID_METHOD':
      return { status: 400, reason: 'Bad Request', text: 'unknown HTTP method' };
    case 'HPE_INVALID_URL':
      return { status: 400, reason: 'Bad Request', text: 'the request target is not a valid URL' };
    case 'HPE_INVALID_VERSION':
      return { status: 400, reason: 'Bad Request', text: 'expected HTTP/1.0 or HTTP/1.1' };
    default:
      return { status: 400, reason: 'Bad Request', text: 'malformed HTTP request' };
  }
}

/**
 * The servers' `clientError` listener: a request the HTTP parser rejects (bad method, target,
 * header, chunked body, oversized headers) gets a short 4xx text answer, never a stack, and only
 * its own socket is closed.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // Node's own default listener makes the same check: a response already on its way must not get
  // a second status line in the middle of it.
  const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, reason, text } = describeParseError(err.code);
  socket.end(rawResponse(status, reason, text));
}

/**
 * Options for both servers' `http.createServer`: the Host check is ours (`hostProblem`), so an
 * HTTP/1.1 request without Host gets our short 400 rather than Node's empty one.
 */
export const SERVER_OPTIONS = { requireHostHeader: false } as const;

/** Why a request's Host header is unusable, or undefined when it is fine. */
export function hostProblem(req: IncomingMessage): string | undefined {
  if (req.httpVersion === '1.1' && !req.headers.host) return 'an HTTP/1.1 request needs a Host header';
  // Node keeps the first of several Host headers; RFC 9112 says such a request is a 400.
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  if (hosts > 1) return `${hosts} Host headers: expected one`;
  return undefined;
}

/**
 * What is wrong with a WebSocket handshake, checked before `ws` sees it so the refusal is a short
 * text naming the header (ws's own refusals are bare HTML pages). Undefined when it is fine.
 */
export function websocketHandshakeProblem(
  req: IncomingMessage,
): { status: 400 | 405 | 426; reason: string; text: string } | undefined {
  if (req.method !== 'GET')
    return { status: 405, reason: 'Method Not Allowed', text: `a WebSocket upgrade is a GET, not ${req.method}` };
  if (String(req.headers.upgrade).toLowerCase() !== 'websocket')
    return { status: 400, reason: 'Bad Request', text: 'expected Upgrade: websocket' };
  if (!/^[+/0-9A-Za-z]{22}==$/.test(String(req.headers['sec-websocket-key'])))
    return { status: 400, reason: 'Bad Request', text: 'Sec-WebSocket-Key is missing or not 16 bytes of base64' };
  if (req.headers['sec-websocket-version'] !== '13')
    return { status: 426, reason: 'Upgrade Required', text: 'expected Sec-WebSocket-Version: 13' };
  return undefined;
}

/** `Expect:` other than 100-continue: Node's own 417 has an empty body. */
export function refuseExpectation(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(417, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(`Expect: ${JSON.stringify(String(req.headers.expect).slice(0, 100))} is not supported\n`);
}

/** `CONNECT host:port`: neither server is a proxy. Without a listener Node just drops the socket. */
export function refuseConnect(_req: unknown, socket: Duplex): void {
  socket.on('error', () => socket.destroy());
  socket.end(rawResponse(405, 'Method Not Allowed', 'CONNECT is not supported here'));
}
