import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, parseCsp } from '../../shared/csp';
import { inlineScriptHashes, stripCspMeta, transformCspHtml, withCspMeta } from './csp-vite-plugin';

const PREAMBLE = `import { injectIntoGlobalHook } from "/@react-refresh";
injectIntoGlobalHook(window);
window.$RefreshReg$ = () => {};
window.$RefreshSig$ = () => (type) => type;`;

/** index.html as Vite's dev server hands it to the last hooks: preamble and client first in <head>. */
const DEV_HTML = `<!doctype html>
<html lang="en">
  <head>
    <script type="module">${PREAMBLE}</script>
    <script type="module" src="/@vite/client"></script>
    <meta charset="UTF-8" />
    <title>Slotline console</title>
  </head>
  <body><div id="root"></div><script type="module" src="./main.tsx"></script></body>
</html>`;

const SOURCE = fs.readFileSync('src-renderer/index.html', 'utf8');
const metaOf = (html: string) =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&quot;/g, '"');

describe('the dev transform', () => {
  it("adds the preamble's sha256 to script-src, puts the policy first in <head>, and nothing else", () => {
    const out = transformCspHtml(DEV_HTML, 'serve', { built: 'header' });
    const hash = `'sha256-${createHash('sha256').update(PREAMBLE).digest('base64')}'`;
    const policy = parseCsp(metaOf(out)!);
    expect(policy['script-src']).toEqual(["'self'", hash]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(metaOf(out)).toBe(contentSecurityPolicy({ delivery: 'meta', extraScriptSrc: [hash] }));
    // Before the preamble: a meta policy only governs what follows it.
    expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('injectIntoGlobalHook'));
    expect(out.indexOf('<head>')).toBeLessThan(out.indexOf('Content-Security-Policy'));
    expect(transformCspHtml(DEV_HTML, 'serve', { built: 'meta' })).toBe(out);
  });

  it('hashes inline scripts only (not src= scripts), and replaces an existing policy rather than adding one', () => {
    expect(inlineScriptHashes(DEV_HTML)).toHaveLength(1);
    expect(inlineScriptHashes('<script src="a.js"></script><script type="module">  </script>')).toEqual([]);
    const twice = withCspMeta(withCspMeta(SOURCE, 'a'), 'b');
    expect(twice.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(metaOf(twice)).toBe('b');
    expect(stripCspMeta(twice)).not.toMatch(/Content-Security-Policy/);
    expect(() => withCspMeta('<p>no head</p>', 'x')).toThrow(/no <head>/);
  });
});

describe('the build transform', () => {
  it('gives the Electron build no meta policy (the protocol handler sends the header) and the web build the plain policy', () => {
    expect(transformCspHtml(DEV_HTML, 'build', { built: 'header' })).not.toMatch(/Content-Security-Policy/);
    // Even with an inline script in the page, a build never gets a hash.
    const web = transformCspHtml(DEV_HTML, 'build', { built: 'meta' });
    expect(metaOf(web)).toBe(contentSecurityPolicy({ delivery: 'meta' }));
    expect(web).not.toMatch(/sha256-/);
  });

  it('leaves no hand-written policy in the source index.html', () => {
    expect(SOURCE).not.toMatch(/Content-Security-Policy/i);
  });
});

describe('the built pages (needs npx electron-vite build and npm run build:web)', () => {
  const read = (file: string, command: string) => {
    expect(fs.existsSync(file), `${file} is missing: run ${command}`).toBe(true);
    return fs.readFileSync(file, 'utf8');
  };

  it('out/renderer/index.html carries no policy, no hash and no inline script', () => {
    const html = read('out/renderer/index.html', 'npx electron-vite build');
    expect(html).not.toMatch(/Content-Security-Policy|sha256-|unsafe-inline/i);
    expect(inlineScriptHashes(html)).toEqual([]);
  });

  it("out/web/index.html carries exactly the console's policy, first in <head>, with no dev allowance", () => {
    const html = read('out/web/index.html', 'npm run build:web');
    expect(metaOf(html)).toBe(contentSecurityPolicy({ delivery: 'meta' }));
    expect(html).not.toMatch(/sha256-|ws:|wss:/);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(inlineScriptHashes(html)).toEqual([]);
  });
});
