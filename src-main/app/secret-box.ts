import fs from 'node:fs';
import path from 'node:path';
import type { SecretStorage } from '../../shared/ipc/contract';

/**
 * Where connection passwords live, apart from the profiles file, keyed by profile id. Electron
 * backs it with `safeStorage` when the OS really encrypts; otherwise, and in `serve`, memory, or
 * a 0600 file of plain text when asked for. `storage` says which, so the console can tell the user.
 */
export interface SecretBox {
  /** How the secrets are kept: `encrypted` only when an OS keychain or key store seals them. */
  readonly storage: SecretStorage;
  get(id: string): Promise<string | undefined>;
  set(id: string, secret: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Secrets in memory only: gone when the process ends. */
export class MemorySecretBox implements SecretBox {
  readonly storage = 'memory' as const;
  private readonly secrets = new Map<string, string>();
  async get(id: string): Promise<string | undefined> {
    return this.secrets.get(id);
  }
  async set(id: string, secret: string): Promise<void> {
    this.secrets.set(id, secret);
  }
  async delete(id: string): Promise<void> {
    this.secrets.delete(id);
  }
}

/** Turns a secret into bytes at rest and back (Electron: safeStorage; default: none at all). */
export interface SecretCipher {
  /** True only when the bytes at rest cannot be read back without a key kept elsewhere. */
  readonly encrypts: boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/** No encryption: the file holds each secret's UTF-8 bytes in base64, which anyone can read back. */
export const plainTextCipher: SecretCipher = {
  encrypts: false,
  encrypt: (s) => Buffer.from(s, 'utf8'),
  decrypt: (b) => b.toString('utf8'),
};

/**
 * Secrets in one JSON file (`{ id: base64 }`) readable by the owner only (mode 0600), each passed
 * through `cipher`. With the default cipher the file is plain text (`storage: 'plaintext-file'`).
 * Writes go through a temp file and a rename, so a crash never leaves half a file; a failed write
 * rejects that call only, and the next one starts afresh.
 */
export class FileSecretBox implements SecretBox {
  readonly storage: SecretStorage;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly cipher: SecretCipher = plainTextCipher,
  ) {
    this.storage = cipher.encrypts ? 'encrypted' : 'plaintext-file';
  }

  async get(id: string): Promise<string | undefined> {
    await this.writes;
    const all = await this.read();
    const sealed = Object.prototype.hasOwnProperty.call(all, id) ? all[id] : undefined;
    return typeof sealed === 'string' ? this.cipher.decrypt(Buffer.from(sealed, 'base64')) : undefined;
  }

  set(id: string, secret: string): Promise<void> {
    return this.update((all) => {
      all[id] = this.cipher.encrypt(secret).toString('base64');
    });
  }

  delete(id: string): Promise<void> {
    return this.update((all) => {
      delete all[id];
    });
  }

  private update(change: (all: Record<string, string>) => void): Promise<void> {
    const run = this.writes.then(async () => {
      const all = await this.read();
      change(all);
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, JSON.stringify(all), { mode: 0o600 });
      await fs.promises.rename(tmp, this.file);
    });
    // The chain only orders writes; one failure belongs to its caller, not to every later call.
    this.writes = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<Record<string, string>> {
    try {
      const parsed = JSON.parse(await fs.promises.readFile(this.file, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? Object.assign(Object.create(null) as Record<string, string>, parsed)
        : Object.create(null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Object.create(null);
      throw e;
    }
  }
}
