import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * electron-builder cannot package here (it downloads Electron), so its configuration is checked
 * against the build output: the targets, and that the file globs take the built main, preload and
 * renderer (and the Lua scripts main reads) and nothing else. Needs `npx electron-vite build` first
 * (npm test builds before it tests).
 */
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  extraMetadata: { main: string };
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
}

const config = parse(fs.readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;

function globToRegExp(glob: string): RegExp {
  const re = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .split('**/')
    .map((part) =>
      part
        .split('**')
        .map((p) => p.replace(/\*/g, '[^/]*'))
        .join('.*'),
    )
    .join('(?:.*/)?');
  return new RegExp(`^${re}$`);
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative('.', path.join(d.parentPath, d.name)));
}

/** What the `files` globs take from a list of paths (negated globs remove). */
function packaged(paths: string[]): string[] {
  const include = config.files.filter((g) => !g.startsWith('!')).map(globToRegExp);
  const exclude = config.files.filter((g) => g.startsWith('!')).map((g) => globToRegExp(g.slice(1)));
  return paths.filter((p) => include.some((r) => r.test(p)) && !exclude.some((r) => r.test(p)));
}

describe('electron-builder.yml', () => {
  it('builds Linux AppImage and deb, macOS dmg and Windows nsis, with an app id and an icon that exists', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('Slotline');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    for (const icon of [config.linux.icon, config.mac.icon, config.win.icon])
      expect(fs.existsSync(icon), icon).toBe(true);
  });

  it('takes the built main, preload and renderer, and the entry point exists', () => {
    const built = listFiles('out');
    expect(built.length, 'no build output in out/: run npx electron-vite build').toBeGreaterThan(0);
    const taken = packaged([...built, 'package.json']);
    expect(taken).toContain(config.extraMetadata.main);
    expect(fs.existsSync(config.extraMetadata.main)).toBe(true);
    expect(taken).toContain('out/preload/preload.cjs');
    expect(taken).toContain('out/renderer/index.html');
    expect(taken.filter((p) => p.startsWith('out/main/commands/') && p.endsWith('.lua')).length).toBeGreaterThan(10);
    const unpack = config.asarUnpack.map(globToRegExp);
    expect(taken.filter((p) => p.endsWith('.lua')).every((p) => unpack.some((r) => r.test(p)))).toBe(true);
  });

  it('ships no tests and no sources', () => {
    const repo = [
      ...listFiles('src-main'),
      ...listFiles('src-renderer'),
      ...listFiles('shared'),
      ...listFiles('e2e'),
      ...listFiles('scripts'),
      ...listFiles('out'),
    ];
    const taken = packaged(repo);
    expect(taken.filter((p) => /\.(test|spec)\.|\.tsx?$|\.map$/.test(p))).toEqual([]);
    expect(taken.every((p) => p.startsWith('out/') || p === 'package.json')).toBe(true);
  });
});
