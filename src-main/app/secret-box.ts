import fs from 'node:fs';
import path from 'node:path';

/**
 * Where connection passwords live, apart from the profiles file, keyed by profile id. Electron
 * backs it with `safeStorage`; `serve` and tests use a 0600 file or memory.
 */
export interface SecretBox {
  get(id: string): Promise<string | undefined>;
  set(id: string, secret: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Secrets in memory only: gone when the process ends. */
export class MemorySecretBox implements SecretBox {
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

/** Turns a secret into bytes at rest and back (Electron: safeStorage; default: identity). */
export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

const plainCipher: SecretCipher = {
  encrypt: (s) => Buffer.from(s, 'utf8'),
  decrypt: (b) => b.toString('utf8'),
};

/**
 * Secrets in one JSON file (`{ id: base64 }`) readable by the owner only (mode 0600), each
 * sealed by `cipher`. Writes go through a temp file and a rename, so a crash never leaves half a file.
 */
export class FileSecretBox implements SecretBox {
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly cipher: SecretCipher = plainCipher,
  ) {}

  async get(id: string): Promise<string | undefined> {
    await this.writes;
    const sealed = (await this.read())[id];
    return sealed === undefined ? undefined : this.cipher.decrypt(Buffer.from(sealed, 'base64'));
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
    this.writes = this.writes.then(async () => {
      const all = await this.read();
      change(all);
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, JSON.stringify(all), { mode: 0o600 });
      await fs.promises.rename(tmp, this.file);
    });
    return this.writes;
  }

  private async read(): Promise<Record<string, string>> {
    try {
      const parsed = JSON.parse(await fs.promises.readFile(this.file, 'utf8')) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
  }
}
