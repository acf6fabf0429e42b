import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron's binary is not installed here, so safeStorage is a stand-in with Electron's API;
// what is under test is how the adapter reads it.
const fake = vi.hoisted(() => ({ available: true, backend: 'gnome_libsecret' }));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => fake.available,
    getSelectedStorageBackend: () => fake.backend,
    encryptString: (s: string) => Buffer.from(`sealed:${s}`),
    decryptString: (b: Buffer) => b.toString().replace(/^sealed:/, ''),
  },
}));

const { safeStorageSecretBox } = await import('./safe-storage-secret-box');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sl-safe-'));

describe.runIf(process.platform === 'linux')('safeStorageSecretBox on Linux', () => {
  beforeEach(() => {
    fake.available = true;
    fake.backend = 'gnome_libsecret';
  });

  it('seals with a real keyring and reports encrypted', async () => {
    const dir = tmp();
    const box = safeStorageSecretBox(dir);
    expect(box.storage).toBe('encrypted');
    await box.set('p', 'pw');
    expect(fs.readFileSync(path.join(dir, 'secrets.sealed.json'), 'utf8')).toContain(
      Buffer.from('sealed:pw').toString('base64'),
    );
  });

  it.each(['basic_text', 'unknown'])(
    'treats the %s backend as not encrypted: memory only, nothing written',
    async (backend) => {
      fake.backend = backend;
      const dir = tmp();
      const box = safeStorageSecretBox(dir);
      expect(box.storage).toBe('memory');
      await box.set('p', 'pw');
      expect(fs.readdirSync(dir)).toEqual([]);
    },
  );

  it('uses memory when safeStorage is not available at all', () => {
    fake.available = false;
    expect(safeStorageSecretBox(tmp()).storage).toBe('memory');
  });
});
