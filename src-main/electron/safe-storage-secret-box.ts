import { safeStorage } from 'electron';
import path from 'node:path';
import { createLogger } from '../log/create-logger';
import { FileSecretBox, MemorySecretBox, type SecretBox } from '../app/secret-box';

const log = createLogger('electron');

/**
 * Linux backends that do not protect anything: `basic_text` encrypts with a key hard-coded in
 * Electron (used when no keyring answers), and `unknown` means none was chosen.
 */
const UNPROTECTED_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

/** Why safeStorage cannot really encrypt here, or undefined when it can. Call after `app.ready`. */
function whyNotEncrypted(): string | undefined {
  if (!safeStorage.isEncryptionAvailable()) return 'safeStorage is not available';
  if (process.platform !== 'linux') return undefined;
  const backend = safeStorage.getSelectedStorageBackend();
  if (UNPROTECTED_LINUX_BACKENDS.has(backend))
    return `no keyring answered (safeStorage backend ${backend}, a key built into Electron)`;
  return undefined;
}

/**
 * Profile passwords sealed with the OS keychain through `safeStorage`. Without one that really
 * encrypts (no keychain, or Linux's `basic_text` fallback) they are kept in memory for the
 * session instead of being written in a form anyone could read back; the console says so.
 */
export function safeStorageSecretBox(dataDir: string): SecretBox {
  const why = whyNotEncrypted();
  if (why) {
    log.warn(`${why}: saved passwords are not encrypted, so they are kept in memory until the app quits`);
    return new MemorySecretBox();
  }
  return new FileSecretBox(path.join(dataDir, 'secrets.sealed.json'), {
    encrypts: true,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  });
}
