import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Electron supports its latest three stable majors; an older one gets no Chromium or V8 security
 * fixes (Electron's security checklist, item 16). This list was checked against the npm registry
 * on the date below (`npm view electron dist-tags` / `versions`): latest 45.5.0 (2026-11-24),
 * 44.11.5 and 43.8.13; 42 left support when 45.0.0 shipped (2026-10-21).
 *
 * Electron ships a major about every 8 weeks, so this list goes stale: when 46.0.0 is out, 43
 * leaves support; update the list and the date, then package.json. The test prints a reminder
 * once the date is more than 8 weeks old.
 */
const SUPPORTED_ELECTRON = { checkedOn: '2026-12-01', majors: [43, 44, 45] } as const;

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
  devDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
};
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

/** The major of a `^x.y.z` / `~x.y.z` / `x.y.z` range; throws on any wider range. */
function rangeMajor(range: string): number {
  const m = /^[\^~]?(\d+)\.\d+\.\d+$/.exec(range);
  if (!m) throw new Error(`electron range ${JSON.stringify(range)}: expected ^X.Y.Z, ~X.Y.Z or X.Y.Z (one major)`);
  return Number(m[1]);
}

describe('Electron version', () => {
  const ageDays = (Date.now() - Date.parse(SUPPORTED_ELECTRON.checkedOn)) / 86_400_000;
  if (ageDays > 56) {
    process.stdout.write(
      `[electron-support] the supported-majors list was checked on ${SUPPORTED_ELECTRON.checkedOn} (${Math.floor(ageDays)} days ago): ` +
        'check `npm view electron dist-tags` for a new major and update scripts/electron-support.test.ts\n',
    );
  }

  it(`package.json asks for a supported major (${SUPPORTED_ELECTRON.majors.join(', ')} as of ${SUPPORTED_ELECTRON.checkedOn}), and only one`, () => {
    const range = pkg.devDependencies?.electron ?? pkg.dependencies?.electron;
    expect(range, 'electron is not in package.json').toBeDefined();
    expect(SUPPORTED_ELECTRON.majors).toContain(rangeMajor(range!));
  });

  it('the lockfile pins a supported major, the one package.json asks for', () => {
    const locked = lock.packages['node_modules/electron']?.version;
    expect(locked, 'electron is not in package-lock.json').toMatch(/^\d+\.\d+\.\d+$/);
    const major = Number(locked!.split('.')[0]);
    expect(SUPPORTED_ELECTRON.majors).toContain(major);
    expect(major).toBe(rangeMajor(pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? ''));
  });

  it('reads ranges strictly', () => {
    expect(rangeMajor('^45.5.0')).toBe(45);
    expect(rangeMajor('44.11.5')).toBe(44);
    for (const wide of ['>=41', '*', 'latest', '^41 || ^45', '45.x'])
      expect(() => rangeMajor(wide), wide).toThrow(/expected/);
  });
});
