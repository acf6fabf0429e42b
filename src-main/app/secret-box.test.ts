import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppContext } from './app-context';
import { FileSecretBox, MemorySecretBox } from './secret-box';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sl-secrets-'));

describe('FileSecretBox', () => {
  it('keeps working after one failed write (it used to reject every later call)', async () => {
    const dir = tmp();
    const blocker = path.join(dir, 'sub');
    fs.writeFileSync(blocker, 'a file where the folder should be');
    const box = new FileSecretBox(path.join(blocker, 'secrets.json'));
    await expect(box.set('p1', 'one')).rejects.toThrow(/EEXIST|ENOTDIR/);
    fs.rmSync(blocker);
    await box.set('p2', 'two');
    expect(await box.get('p2')).toBe('two');
    expect(await box.get('p1')).toBeUndefined();
    await box.delete('p2');
    expect(await box.get('p2')).toBeUndefined();
  });

  it('says it is a plain-text file by default, and the file really is readable plain text', async () => {
    const file = path.join(tmp(), 'secrets.json');
    const box = new FileSecretBox(file);
    expect(box.storage).toBe('plaintext-file');
    await box.set('p', 'hunter2');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    expect(Buffer.from(stored.p!, 'base64').toString('utf8')).toBe('hunter2');
    expect(new FileSecretBox(file, { encrypts: true, encrypt: Buffer.from, decrypt: String }).storage).toBe(
      'encrypted',
    );
  });

  it('stores a secret under an id such as __proto__ as its own entry', async () => {
    const box = new FileSecretBox(path.join(tmp(), 'secrets.json'));
    await box.set('__proto__', 'x');
    expect(await box.get('__proto__')).toBe('x');
    expect(await box.get('constructor')).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('AppContext secret storage', () => {
  const saved = process.env.SLOTLINE_SECRET_STORAGE;
  afterEach(() => {
    if (saved === undefined) delete process.env.SLOTLINE_SECRET_STORAGE;
    else process.env.SLOTLINE_SECRET_STORAGE = saved;
  });

  it('keeps passwords in memory by default, writes no secrets file, and app:info says so', async () => {
    delete process.env.SLOTLINE_SECRET_STORAGE;
    const dir = tmp();
    const ctx = await AppContext.create({ transport: 'web', dataDir: dir });
    try {
      expect(ctx.info.secretStorage).toBe('memory');
      await ctx.profiles.save({ name: 'p', mode: 'single', url: 'redis://h:1', tls: false, password: 'pw-1' });
      expect(fs.existsSync(path.join(dir, 'secrets.json'))).toBe(false);
    } finally {
      await ctx.close();
    }
  });

  it('writes a clearly labelled plain-text file only when asked', async () => {
    const dir = tmp();
    const ctx = await AppContext.create({ transport: 'web', dataDir: dir, secretStorage: 'plaintext-file' });
    try {
      expect(ctx.info.secretStorage).toBe('plaintext-file');
      await ctx.profiles.save({ name: 'p', mode: 'single', url: 'redis://h:1', tls: false, password: 'pw-1' });
      expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    } finally {
      await ctx.close();
    }
  });

  it('refuses an unknown SLOTLINE_SECRET_STORAGE, naming it', async () => {
    process.env.SLOTLINE_SECRET_STORAGE = 'keychain';
    await expect(AppContext.create({ transport: 'web', dataDir: tmp() })).rejects.toThrow(
      /SLOTLINE_SECRET_STORAGE="keychain" is not a secret storage: expected memory or plaintext-file/,
    );
  });

  it('reports the storage of a secret box it is given', async () => {
    const ctx = await AppContext.create({ transport: 'electron', dataDir: tmp(), secretBox: new MemorySecretBox() });
    expect(ctx.info.secretStorage).toBe('memory');
    await ctx.close();
  });
});
