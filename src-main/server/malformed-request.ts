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
