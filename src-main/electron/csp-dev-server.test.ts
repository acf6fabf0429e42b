import type { Browser } from '@playwright/test';
import { resolveConfig } from 'electron-vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, mergeConfig, type InlineConfig, type Plugin, type ViteDevServer } from 'vite';
import { contentSecurityPolicy, parseCsp } from '../../shared/csp';
import { chromiumMissing, launchChromium, openPage } from './testing/csp-probe';

/**
 * Defect 12: `electron-vite dev` showed a blank window, because the strict `script-src 'self'`
 * blocks React's refresh preamble (an inline script the React plugin adds in dev only). Electron
 * cannot start here, so this starts the renderer's dev server exactly as `electron-vite dev` does
 * (electron-vite's own config resolution, then Vite's dev server: everything but spawning
 * Electron) and loads it in Debian's Chromium.
 */
const missing = chromiumMissing();
if (missing) process.stdout.write(`[csp-dev-server] skipped: ${missing}\n`);

/**
 * What made dev mode fail before the fix: main.ts sent the packaged policy as a header with every
 * response of the session, the dev server's included (webRequest.onHeadersReceived).
 */
function packagedPolicyHeader(): Plugin {
  return {
    name: 'packaged-policy-header',
    configureServer(server) {
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', contentSecurityPolicy());
        next();
      });
    },
  };
}

async function rendererDevServer(replaceCspPlugin?: Plugin): Promise<ViteDevServer> {
  const resolved = await resolveConfig({ logLevel: 'warn' }, 'serve', 'development');
  const renderer = resolved.config?.renderer as InlineConfig | undefined;
  if (!renderer) throw new Error('electron.vite.config.ts has no renderer config');
  const plugins = (renderer.plugins ?? []).flat();
  const config = mergeConfig(
    {
      ...renderer,
      plugins: replaceCspPlugin
        ? plugins.filter((p) => !(p && 'name' in p && p.name === 'slotline-csp-html')).concat(replaceCspPlugin)
        : plugins,
    },
    { configFile: false, server: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' },
  );
  const server = await createServer(config);
  await server.listen();
  return server;
}

function originOf(server: ViteDevServer): string {
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the dev server reported no local URL');
  return url.replace(/\/$/, '');
}

describe.skipIf(missing !== undefined)('electron-vite dev: the renderer under the dev policy (Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("React mounts under the dev policy: 'self' plus the preamble's hash, no 'unsafe-inline', no violation", async () => {
    const server = await rendererDevServer();
    const page = await openPage(browser, `${originOf(server)}/`, 45_000);
    try {
      expect(page.probe.pageErrors).toEqual([]);
      // Also covers Vite's hot-reload socket: same origin, so connect-src 'self' lets it through.
      expect(page.probe.loadViolations).toEqual([]);
      const policy = parseCsp(page.probe.metaPolicy ?? '');
      expect(policy['script-src']?.[0]).toBe("'self'");
      expect(policy['script-src']?.slice(1)).toHaveLength(1);
      expect(policy['script-src']?.[1]).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
      expect(policy['connect-src']).toEqual(["'self'"]);
      expect(policy['script-src']).not.toContain("'unsafe-inline'");
      // The hash admits only the preamble: any other inline script is still refused.
      const r = await page.runProbes('ws://127.0.0.1:1/');
      expect(r.inlineScriptRan).toBe(false);
      expect(r.violations.map((v) => v.directive).sort()).toEqual(['connect-src', 'script-src-elem']);
    } finally {
      await page.close();
      await server.close();
    }
  }, 90_000);

  it('control: with the packaged policy sent as a header, as main.ts did, the preamble is refused and React never mounts (defect 12)', async () => {
    const server = await rendererDevServer(packagedPolicyHeader());
    const page = await openPage(browser, `${originOf(server)}/`, 5_000);
    try {
      expect(page.probe.pageErrors.join('\n')).toMatch(/React did not mount/);
      expect(page.probe.loadViolations.map((v) => `${v.directive} ${v.blockedURI}`)).toContain(
        'script-src-elem inline',
      );
    } finally {
      await page.close();
      await server.close();
    }
  }, 90_000);
});
