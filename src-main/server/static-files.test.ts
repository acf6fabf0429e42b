import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from './listen';
import { assertWebBuild, sendStatic } from './static-files';

describe('static files', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-static-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-outside-'));
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    fs.writeFileSync(path.join(root, 'index.html'), '<title>x</title>');
    fs.mkdirSync(path.join(root, 'assets'));
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
    server = http.createServer((req, res) => void sendStatic(root, new URL(req.url!, 'http://x').pathname, req, res));
    base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('serves index.html at / with a CSP, and assets with their type', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(index.headers.get('cache-control')).toBe('no-store');
    const js = await fetch(`${base}/assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/text\/javascript/);
  });

  it('never serves outside the root', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2fetc%2fpasswd',
      '/link.txt',
      '/nope.js',
      '/assets',
      '/%E0%A4%A',
    ]) {
      expect((await fetch(`${base}${p}`)).status, p).toBe(404);
    }
  });

  it('says how to build the renderer when it is missing', () => {
    expect(() => assertWebBuild(outside)).toThrow(/run npm run build:web/);
    expect(() => assertWebBuild(root)).not.toThrow();
  });

  it('names a port in use', async () => {
    const port = Number(new URL(base).port);
    await expect(listen(http.createServer(), port, '127.0.0.1')).rejects.toThrow(
      new RegExp(`port ${port} on 127.0.0.1 is already in use`),
    );
  });
});
