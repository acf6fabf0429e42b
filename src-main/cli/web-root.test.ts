import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleWebRoot } from './web-root';

describe('consoleWebRoot', () => {
  it('is out/web of the slotline package above the module (the repository root from the sources)', () => {
    expect(consoleWebRoot({})).toBe(path.resolve('out/web'));
  });

  it('SLOTLINE_WEB_ROOT overrides it', () => {
    expect(consoleWebRoot({ SLOTLINE_WEB_ROOT: '/srv/console' })).toBe('/srv/console');
  });
});
