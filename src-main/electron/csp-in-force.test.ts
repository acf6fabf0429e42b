import type { Browser } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { contentSecurityPolicy } from '../../shared/csp';
import { APP_ORIGIN, createAppProtocolHandler } from './app-protocol';
import { appContentSecurityPolicy } from './csp';
import { chromiumMissing, launchChromium, listen, openPage } from './testing/csp-probe';

/**
 * The policy in force, read from a real browser. Electron itself cannot start on this machine (its
 * binary cannot be downloaded), so the built renderer is loaded in Debian's Chromium instead:
 *
 * - the Electron build (out/renderer), served through the very handler main.ts gives to
 *   `protocol.handle('app', …)` (a node server only turns HTTP into `Request`s for it);
 * - the web build (out/web) that `slotline serve` serves, by a server that sends no CSP header at
 *   all, so the page's own meta tag is the only policy.
 *
 * In each, a WebSocket to another origin must be refused by CSP (not merely fail to connect), an
 * injected inline script must be refused, the violation must name exactly our policy (which has no
 * 'unsafe-eval'), and the page must still render with no violation of its own. Needs `npx electron-vite build` and
 * `npm run build:web` first (npm test builds before it tests).
 */
const missing = chromiumMissing();
if (missing) process.stdout.write(`[csp-in-force] skipped: ${missing}\n`);

/** A port nothing listens on, on another origin than the page's. */
const CROSS_ORIGIN_WS = 'ws://127.0.0.1:1/';

function requireBuild(dir: string, command: string): void {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run ${command} first`);
  }
}

describe.skipIf(missing !== undefined)('the CSP actually in force (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('Electron build via the app:// handler: one strict header policy; cross-origin WebSocket and inline script refused; page renders', async () => {
    requireBuild('out/renderer', 'npx electron-vite build');
    const html = fs.readFileSync('out/renderer/index.html', 'utf8');
    expect(html, 'the Electron page must carry no meta policy of its own').not.toMatch(/Content-Security-Policy/i);

    const handle = createAppProtocolHandler({ rootDir: 'out/renderer' });
    const site = await listen((req, res) => {
      void handle(new Request(`${APP_ORIGIN}${req.url ?? '/'}`, { method: req.method ?? 'GET' })).then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
    const page = await openPage(browser, `${site.origin}/index.html`);
    try {
      expect(page.probe.pageErrors.filter((e) => /React did not mount/.test(e))).toEqual([]);
      expect(page.probe.loadViolations).toEqual([]);
      expect(page.probe.metaPolicy).toBeNull();

      const r = await page.runProbes(CROSS_ORIGIN_WS);
      const ws = r.violations.find((v) => v.directive === 'connect-src');
      expect(ws, JSON.stringify(r.violations)).toBeDefined();
      expect(ws!.blockedURI).toContain('127.0.0.1:1');
      expect(ws!.disposition).toBe('enforce');
      // The policy the browser enforced is exactly the handler's header, and nothing looser.
      expect(ws!.originalPolicy).toBe(appContentSecurityPolicy());
      expect(ws!.originalPolicy).not.toMatch(/\bwss?:/);
      expect(r.violations.map((v) => v.directive).sort()).toEqual(['connect-src', 'script-src-elem']);
      expect(r.inlineScriptRan).toBe(false);
    } finally {
      await page.close();
      await site.close();
    }
  }, 60_000);

  it("web build (slotline serve's page): its meta tag alone refuses a cross-origin WebSocket but allows serve's own", async () => {
    requireBuild('out/web', 'npm run build:web');
    const root = path.resolve('out/web');
    const site = await listen((req, res) => {
      const rel = new URL(req.url ?? '/', 'http://x').pathname;
      const file = path.join(root, rel === '/' ? 'index.html' : rel);
      if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
      // Deliberately no CSP header: only the page's meta tag can be in force.
      res.writeHead(200, { 'Content-Type': type }).end(fs.readFileSync(file));
    });
    // serve's WebSocket lives on the page's own origin: 'self' must let it through.
    const wss = new WebSocketServer({ server: site.server });
    const page = await openPage(browser, `${site.origin}/index.html`);
    try {
      expect(page.probe.pageErrors.filter((e) => /React did not mount/.test(e))).toEqual([]);
      expect(page.probe.loadViolations).toEqual([]);
      expect(page.probe.metaPolicy).toBe(contentSecurityPolicy({ delivery: 'meta' }));

      const r = await page.runProbes(CROSS_ORIGIN_WS);
      const ws = r.violations.find((v) => v.directive === 'connect-src');
      expect(ws, JSON.stringify(r.violations)).toBeDefined();
      expect(ws!.blockedURI).toContain('127.0.0.1:1');
      expect(ws!.originalPolicy).toBe(contentSecurityPolicy({ delivery: 'meta' }));
      expect(r.inlineScriptRan).toBe(false);

      const sameOrigin = await page.page.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const s = new WebSocket(url);
            s.onopen = () => resolve('open');
            s.onerror = () => resolve('error');
            setTimeout(() => resolve('timeout'), 3000);
          }),
        `${site.origin.replace('http:', 'ws:')}/api/ws`,
      );
      expect(sameOrigin).toBe('open');
    } finally {
      await page.close();
      wss.close();
      await site.close();
    }
  }, 60_000);
});
