import { chromium, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHROMIUM_PATH, chromiumLaunchOptions } from '../../../scripts/chromium.mjs';

/**
 * Test helpers that load a page in Debian's Chromium and report what its Content-Security-Policy
 * actually did: the violations it raised (with the policy text the browser enforced), whether
 * React rendered, and what happened to a WebSocket to another origin.
 */

export const CHROMIUM = CHROMIUM_PATH;
/** Why the Chromium tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return fs.existsSync(CHROMIUM)
    ? undefined
    : `no Chromium at ${CHROMIUM} (install Debian's chromium or set SLOTLINE_CHROMIUM)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}

/**
 * The few browser globals the in-page functions below touch. This file is compiled with Node's
 * types only (adding the DOM library would change the types of all node code), so they are
 * declared here and reached through `globalThis`.
 */
interface PageElement {
  childElementCount: number;
  textContent: string | null;
  getAttribute(name: string): string | null;
  append(child: PageElement): void;
}
interface PageGlobals {
  __violations: Violation[];
  __inline?: boolean;
  document: {
    head: PageElement;
    getElementById(id: string): PageElement | null;
    querySelector(selector: string): PageElement | null;
    createElement(tag: string): PageElement;
    addEventListener(type: string, listener: (e: PageViolationEvent) => void): void;
  };
}
interface PageViolationEvent {
  effectiveDirective: string;
  blockedURI: string;
  originalPolicy: string;
  disposition: string;
}

/** One `securitypolicyviolation` event, as the page saw it. */
export interface Violation {
  directive: string;
  blockedURI: string;
  originalPolicy: string;
  disposition: string;
}

export interface PageProbe {
  /** Violations raised while the page loaded and rendered (before any probe ran). */
  loadViolations: Violation[];
  /** The CSP meta tag's `content`, or null when the page has none. */
  metaPolicy: string | null;
  /** Errors thrown in the page while it loaded. */
  pageErrors: string[];
}

export interface ProbeResults {
  /** Violations raised by a `new WebSocket(crossOriginUrl)` and an injected inline `<script>`. */
  violations: Violation[];
  /** Whether the injected inline script ran (it sets a global). */
  inlineScriptRan: boolean;
}

/**
 * Opens `url`, waits until React has put something into `#root` (within `renderTimeoutMs`), and
 * returns what happened while it loaded. Violations are recorded from the first byte: the
 * listener is an init script, which the page's CSP does not govern.
 */
export async function openPage(
  browser: Browser,
  url: string,
  renderTimeoutMs = 15_000,
): Promise<{
  page: Page;
  probe: PageProbe;
  runProbes: (crossOriginWs: string) => Promise<ProbeResults>;
  close: () => Promise<void>;
}> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.addInitScript(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__violations = [];
    w.document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push({
        directive: e.effectiveDirective,
        blockedURI: e.blockedURI,
        originalPolicy: e.originalPolicy,
        disposition: e.disposition,
      }),
    );
  });
  await page.goto(url);
  await page
    .waitForFunction(
      () => ((globalThis as unknown as PageGlobals).document.getElementById('root')?.childElementCount ?? 0) > 0,
      undefined,
      {
        timeout: renderTimeoutMs,
      },
    )
    .catch(() => undefined);
  const rendered = await page.evaluate(
    () => ((globalThis as unknown as PageGlobals).document.getElementById('root')?.childElementCount ?? 0) > 0,
  );
  const loadViolations = await page.evaluate(() => (globalThis as unknown as PageGlobals).__violations);
  const metaPolicy = await page.evaluate(
    () =>
      (globalThis as unknown as PageGlobals).document
        .querySelector('meta[http-equiv="Content-Security-Policy"]')
        ?.getAttribute('content') ?? null,
  );
  if (!rendered) pageErrors.push('#root stayed empty: React did not mount');

  const runProbes = async (crossOriginWs: string): Promise<ProbeResults> =>
    page.evaluate(async (wsUrl) => {
      const w = globalThis as unknown as PageGlobals;
      w.__violations = [];
      try {
        new WebSocket(wsUrl);
      } catch {
        // Chromium reports the refusal as a violation event (and may also throw): both count.
      }
      const s = w.document.createElement('script');
      s.textContent = 'window.__inline = true';
      w.document.head.append(s);
      // (No eval probe here: code run through Playwright's evaluate is exempt from the page's
      // script-src, so it would prove nothing. The policy text is checked instead.)
      // Violation events are queued as tasks: wait until both have arrived (or 3 s).
      const until = Date.now() + 3000;
      while (w.__violations.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
      return { violations: w.__violations, inlineScriptRan: w.__inline === true };
    }, crossOriginWs);

  return { page, probe: { loadViolations, metaPolicy, pageErrors }, runProbes, close: () => context.close() };
}

/** Starts an HTTP server on a free loopback port; returns its origin and a stop function. */
export async function listen(
  handler: http.RequestListener,
): Promise<{ server: http.Server; origin: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
