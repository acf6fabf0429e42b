import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from './path-inside';

const root = '/srv/web';

describe('resolveInside', () => {
  it('maps / to index.html and plain paths inside the root', () => {
    expect(resolveInside(root, '/')).toEqual({ ok: true, filePath: path.join(root, 'index.html') });
    expect(resolveInside(root, '/assets/a%20b.js')).toEqual({ ok: true, filePath: path.join(root, 'assets/a b.js') });
  });

  it.each([
    ['/%E0%A4%A', 400, 'bad-encoding'],
    ['/a%00.js', 400, 'bad-character'],
    ['/a%5c..%5cb', 400, 'bad-character'],
    ['/..%2fmain/index.js', 403, 'outside'],
    ['/%2e%2e/etc/passwd', 403, 'outside'],
    ['/assets/../../x', 403, 'outside'],
  ])('refuses %s with %i (%s)', (p, status, reason) => {
    expect(resolveInside(root, p)).toEqual({ ok: false, status, reason });
  });
});
