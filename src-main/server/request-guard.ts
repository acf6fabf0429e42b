import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import { hostOfAuthority } from '../../shared/host-port';

/** A fresh session token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time (over SHA-256 digests, so lengths do not leak either). */
export function tokenMatches(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer …` header. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return m?.[1];
}

/** 127.0.0.0/8, ::1, ::ffff:127.x and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

/** The host name of a `Host` header value (`127.0.0.1:8080`, `[::1]:8080`, `localhost`). */
export function hostOfHostHeader(value: string): string {
  try {
    return hostOfAuthority(value);
  } catch {
    // Malformed: kept whole, so it is never taken for a loopback name and the request is refused.
    return value;
  }
}

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Refuses requests a foreign page could make: a cross-site `Sec-Fetch-Site`, an `Origin` that is
 * not this server's own, or (unless remote access was allowed) a `Host` that is not loopback,
 * which is how a DNS-rebinding page would reach a loopback server. Clients without these headers
 * (curl, Prometheus, the `ws` client) pass; they still need the token.
 */
export function checkRequestOrigin(headers: IncomingHttpHeaders, options: { allowRemote: boolean }): GuardVerdict {
  const host = headers.host;
  if (!host) return { ok: false, reason: 'no Host header' };
  if (!options.allowRemote && !isLoopbackHost(hostOfHostHeader(host))) {
    return { ok: false, reason: `Host ${JSON.stringify(host)} is not a loopback address` };
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { ok: false, reason: `Sec-Fetch-Site is ${JSON.stringify(site)}` };
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`) {
    return { ok: false, reason: `Origin ${JSON.stringify(origin.slice(0, 200))} is not this server` };
  }
  return { ok: true };
}
