import fs from 'node:fs';
import { createRequire } from 'node:module';
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
  asar?: boolean;
  electronFuses?: Record<string, boolean>;
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

  it('sets the Electron fuses of the security checklist (item 19), in options this electron-builder knows', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The installed electron-builder's own schema: an option it does not know would be a typo that
    // silently leaves a fuse at Electron's default.
    const scheme = JSON.parse(fs.readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as {
      properties: Record<string, { anyOf?: { $ref?: string }[] }>;
      definitions: Record<string, { properties: Record<string, { type: string }>; additionalProperties?: boolean }>;
    };
    const ref = scheme.properties.electronFuses?.anyOf?.find((a) => a.$ref)?.$ref;
    expect(ref, 'this electron-builder has no electronFuses option').toBe('#/definitions/FuseOptionsV1');
    const fuses = scheme.definitions.FuseOptionsV1!;
    expect(fuses.additionalProperties).toBe(false);
    for (const name of Object.keys(config.electronFuses ?? {}))
      expect(fuses.properties[name]?.type, name).toBe('boolean');
    // The asar fuses need an asar: it must not be switched off.
    expect(config.asar).not.toBe(false);
  });

  it("passes electron-builder's own configuration check, which refuses a misspelt fuse", async () => {
    // electron-builder validates the whole file this way before it packages; it cannot package here.
    const require = createRequire(import.meta.url);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(c: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    const typo = { ...structuredClone(config), electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });
});
