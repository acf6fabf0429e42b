import { SlotlineError } from './errors';

/** A host and port. IPv6 hosts are kept without brackets. */
export interface HostPort {
  host: string;
  port: number;
}

/** A `host:port` text that cannot be used; the message names the value and what was expected. */
export class HostPortError extends SlotlineError {
  constructor(
    message: string,
    /** The text that was given. */
    readonly value: string,
  ) {
    super('invalid-address', message);
  }
}

const EXAMPLE = 'expected host:port, e.g. 127.0.0.1:7000';
const V6_EXAMPLE = 'expected [address]:port, e.g. [::1]:7000';

/** Parses a TCP port written as decimal digits, 1–65535; `value` is the whole entry, for the message. */
export function parsePortText(raw: string, value: string): number {
  if (!/^\d+$/.test(raw)) {
    throw new HostPortError(
      `port ${JSON.stringify(raw)} in ${JSON.stringify(value)} is not a number: expected 1-65535`,
      value,
    );
  }
  const port = Number(raw);
  if (port < 1 || port > 65535) {
    throw new HostPortError(`port ${port} in ${JSON.stringify(value)} is out of range: expected 1-65535`, value);
  }
  return port;
}

/** Splits `host:port`, `[v6]:port` or (when the port is optional) a bare host into its texts. */
function split(value: string, portOptional: boolean): { host: string; portText: string | undefined } {
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    const rest = close === -1 ? '' : value.slice(close + 1);
    if (close === -1 || (rest !== '' && !rest.startsWith(':')) || (rest === '' && !portOptional)) {
      throw new HostPortError(`${JSON.stringify(value)} is not a valid IPv6 entry: ${V6_EXAMPLE}`, value);
    }
    return { host: value.slice(1, close), portText: rest === '' ? undefined : rest.slice(1) };
  }
  const colon = value.lastIndexOf(':');
  if (colon === -1) {
    if (portOptional) return { host: value, portText: undefined };
    throw new HostPortError(`${JSON.stringify(value)} has no port: ${EXAMPLE}`, value);
  }
  const host = value.slice(0, colon);
  if (host.includes(':')) {
    throw new HostPortError(`${JSON.stringify(value)} looks like a bare IPv6 address: ${V6_EXAMPLE}`, value);
  }
  return { host, portText: value.slice(colon + 1) };
}

/**
 * Parses `host:port` or `[ipv6]:port`. Throws a HostPortError naming the value for a missing or
 * empty host, a missing port, a port outside 1–65535, a bare IPv6 address or a broken bracket.
 */
export function parseHostPort(value: string): HostPort {
  const { host, portText } = split(value, false);
  if (host === '' || /\s/.test(host)) {
    throw new HostPortError(`${JSON.stringify(value)} has no valid host: ${EXAMPLE}`, value);
  }
  if (portText === undefined || portText === '') {
    throw new HostPortError(`${JSON.stringify(value)} has no port: ${EXAMPLE}`, value);
  }
  return { host, port: parsePortText(portText, value) };
}

/**
 * Like parseHostPort, but undefined instead of an error: for addresses a server reports, where a
 * node without one (`:0` in CLUSTER NODES of a node that lost its address) is expected.
 */
export function tryParseHostPort(value: string): HostPort | undefined {
  try {
    return parseHostPort(value);
  } catch {
    return undefined;
  }
}

/**
 * Parses an address as Redis and ioredis write it internally, where an IPv6 host may come
 * without brackets (`::1:7000` in a MOVED reply or a slot-map key): the port is what follows the
 * last colon. Bracketed and plain forms are read as parseHostPort reads them.
 */
export function parseNodeAddress(value: string): HostPort {
  if (value.startsWith('[')) return parseHostPort(value);
  const colon = value.lastIndexOf(':');
  const host = value.slice(0, colon);
  if (colon <= 0 || host.endsWith(':')) return parseHostPort(value);
  return host.includes(':') ? parseHostPort(`[${host}]${value.slice(colon)}`) : parseHostPort(value);
}

/**
 * The host of an HTTP authority (a `Host` header: `127.0.0.1:8080`, `[::1]:8080`, `localhost`),
 * without brackets. The port is optional there; a malformed value throws a HostPortError.
 */
export function hostOfAuthority(value: string): string {
  const { host, portText } = split(value, true);
  if (host === '' || /\s/.test(host)) {
    throw new HostPortError(`${JSON.stringify(value)} has no valid host: expected host[:port]`, value);
  }
  // RFC 3986 allows an empty port (`host:`), so only a port that is there is checked.
  if (portText !== undefined && portText !== '') parsePortText(portText, value);
  return host;
}

/** Formats a HostPort back to `host:port`, bracketing IPv6 hosts. */
export function formatHostPort(hp: HostPort): string {
  return hp.host.includes(':') ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}
