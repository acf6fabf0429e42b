import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsp } from '../../shared/csp';
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  createAppProtocolHandler,
  resolveAppPath,
} from './app-protocol';
import { appContentSecurityPolicy } from './csp';

const root = path.resolve('/opt/Slotline/resources/app.asar/out/renderer');

describe('resolveAppPath', () => {
  it('maps app://slotline/ paths to files under the renderer folder, / to index.html', () => {
    expect(resolveAppPath(APP_INDEX_URL, root)).toEqual({ ok: true, filePath: path.join(root, 'index.html') });
    expect(resolveAppPath(`${APP_ORIGIN}/`, root)).toEqual({ ok: true, filePath: path.join(root, 'index.html') });
    expect(resolveAppPath(`${APP_ORIGIN}/assets/index-abc.js?v=1#x`, root)).toEqual({
      ok: true,
      filePath: path.join(root, 'assets', 'index-abc.js'),
    });
    expect(resolveAppPath(`${APP_ORIGIN}/assets/a%20b.svg`, root)).toEqual({
      ok: true,
      filePath: path.join(root, 'assets', 'a b.svg'),
    });
  });

  it('refuses every way out of the renderer folder', () => {
    // Encoded slashes survive URL parsing, so `..` is still there after decoding: refused outright.
    for (const p of [
      '/..%2fmain/index.js',
      '/assets/..%2f..%2fmain/index.js',
      '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd',
      '/assets%2f..%2f..%2fpreload/preload.cjs',
    ]) {
      expect(resolveAppPath(`${APP_ORIGIN}${p}`, root), p).toMatchObject({
        ok: false,
        status: 403,
        reason: expect.stringMatching(/outside the app folder/),
      });
    }
    // Literal and %2e dot segments are folded by the URL parser itself: they stay inside the folder.
    for (const p of ['/../main/index.js', '/%2e%2e/main/index.js', '/assets/%2e%2e/%2e%2e/x.js', '/%2fetc%2fpasswd']) {
      const r = resolveAppPath(`${APP_ORIGIN}${p}`, root);
      expect(r.ok && r.filePath.startsWith(root + path.sep), `${p} -> ${JSON.stringify(r)}`).toBe(true);
    }
  });

  it('refuses malformed encodings, NULs, backslashes, source maps, and other schemes or hosts', () => {
    expect(resolveAppPath(`${APP_ORIGIN}/%E0%A4%A`, root)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(`${APP_ORIGIN}/index.html%00.js`, root)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(`${APP_ORIGIN}/..%5c..%5cmain%5cindex.js`, root)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(`${APP_ORIGIN}/assets/index.js.map`, root)).toMatchObject({ ok: false, status: 404 });
    for (const url of ['app://evil/index.html', 'file:///etc/passwd', 'https://slotline/index.html', 'not a url']) {
      expect(resolveAppPath(url, root).ok, url).toBe(false);
    }
    expect(resolveAppPath('app://evil/index.html', root)).toMatchObject({ status: 403, reason: /app:\/\/slotline/ });
  });
});

describe('appResponseHeaders', () => {
  it("sends the app's one strict policy and a content type with every file", () => {
    const h = appResponseHeaders('/x/index.html');
    expect(h['Content-Type']).toBe('text/html; charset=utf-8');
    expect(h['Content-Security-Policy']).toBe(appContentSecurityPolicy());
    expect(parseCsp(h['Content-Security-Policy']!)['connect-src']).toEqual(["'self'"]);
    expect(parseCsp(h['Content-Security-Policy']!)['frame-ancestors']).toEqual(["'none'"]);
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(appResponseHeaders('/x/a.js')['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect(appResponseHeaders('/x/a.CSS')['Content-Type']).toBe('text/css; charset=utf-8');
    expect(appResponseHeaders('/x/a.bin')['Content-Type']).toBe('application/octet-stream');
  });
});

describe('APP_SCHEME_PRIVILEGES', () => {
  it('makes app: a standard secure scheme, without CORS to other origins or a CSP bypass', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });
});

describe('createAppProtocolHandler', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slotline-app-protocol-'));
    fs.mkdirSync(path.join(dir, 'renderer', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><p>hi</p>');
    fs.writeFileSync(path.join(dir, 'renderer', 'assets', 'a.js'), 'export {};');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves files with the headers, HEAD without a body, and refuses the rest as plain text', async () => {
    const refused: string[] = [];
    const handle = createAppProtocolHandler({
      rootDir: path.join(dir, 'renderer'),
      onRefused: (url, status) => refused.push(`${status} ${url}`),
    });
    const index = await handle(new Request(APP_INDEX_URL));
    expect(index.status).toBe(200);
    expect(await index.text()).toBe('<!doctype html><p>hi</p>');
    expect(index.headers.get('content-security-policy')).toBe(appContentSecurityPolicy());
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');

    const js = await handle(new Request(`${APP_ORIGIN}/assets/a.js`));
    expect([js.status, js.headers.get('content-type'), await js.text()]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'export {};',
    ]);
    const head = await handle(new Request(`${APP_ORIGIN}/assets/a.js`, { method: 'HEAD' }));
    expect([head.status, await head.text()]).toEqual([200, '']);

    const cases: [Request, number][] = [
      [new Request(`${APP_ORIGIN}/..%2fsecret.txt`), 403],
      [new Request(`${APP_ORIGIN}/missing.js`), 404],
      [new Request(`${APP_ORIGIN}/assets`), 404],
      [new Request(`${APP_ORIGIN}/index.html`, { method: 'POST', body: 'x' }), 405],
      [new Request('app://other/index.html'), 403],
    ];
    for (const [req, status] of cases) {
      const r = await handle(req);
      expect(r.status, req.url).toBe(status);
      expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(r.headers.get('content-security-policy')).toBe(appContentSecurityPolicy());
      expect(await r.text()).not.toContain('outside the renderer');
    }
    expect(refused).toHaveLength(cases.length);
    expect(await (await handle(new Request(`${APP_ORIGIN}/index.html`, { method: 'PUT', body: 'x' }))).text()).toMatch(
      /method PUT is not allowed; expected GET or HEAD/,
    );
  });
});
