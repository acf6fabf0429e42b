import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, META_IGNORED_DIRECTIVES, parseCsp, serializeCsp } from './csp';

describe('contentSecurityPolicy', () => {
  it('allows scripts only from the app (no inline, no eval) and connections only to its own origin', () => {
    const d = parseCsp(contentSecurityPolicy());
    expect(d).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-src': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(contentSecurityPolicy()).not.toMatch(/\bwss?:|unsafe-eval|\*/);
  });

  it('leaves out, for a meta tag, exactly the directives browsers ignore there', () => {
    const header = parseCsp(contentSecurityPolicy({ delivery: 'header' }));
    const meta = parseCsp(contentSecurityPolicy({ delivery: 'meta' }));
    expect(meta['frame-ancestors']).toBeUndefined();
    for (const name of META_IGNORED_DIRECTIVES) expect(meta[name]).toBeUndefined();
    const { 'frame-ancestors': _dropped, ...rest } = header;
    expect(meta).toEqual(rest);
  });

  it('adds script hashes for the dev server, and refuses anything that is not a hash', () => {
    const hash = "'sha256-Z2/iFzh9VMlVkEOar1f/oSHWwQk3ve1qk/C2WdsC4Xk='";
    expect(parseCsp(contentSecurityPolicy({ extraScriptSrc: [hash] }))['script-src']).toEqual(["'self'", hash]);
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'https://cdn.example', "'sha256-x y'", 'sha256-abc']) {
      expect(() => contentSecurityPolicy({ extraScriptSrc: [bad] }), bad).toThrow(/expected a quoted script hash/);
    }
  });
});

describe('parseCsp / serializeCsp', () => {
  it('round-trip, tolerate spacing and case, and keep the first of a repeated directive', () => {
    const policy = contentSecurityPolicy();
    expect(serializeCsp(parseCsp(policy))).toBe(policy);
    expect(parseCsp("  Script-Src 'self'  ;; connect-src 'self' ws: ; script-src *")).toEqual({
      'script-src': ["'self'"],
      'connect-src': ["'self'", 'ws:'],
    });
  });
});
