import { safeStorage } from 'electron';
import path from 'node:path';
import { createLogger } from '../log/create-logger';
import { FileSecretBox, MemorySecretBox, type SecretBox } from '../app/secret-box';

const log = createLogger('electron');

/**
 * Profile passwords sealed with the OS keychain through `safeStorage`. Without a keychain (some
 * Linux desktops) they are kept in memory for the session rather than written in the clear.
 */
export function safeStorageSecretBox(dataDir: string): SecretBox {
  if (!safeStorage.isEncryptionAvailable()) {
    log.warn('safeStorage is not available: saved passwords last until the app quits');
    return new MemorySecretBox();
  }
  return new FileSecretBox(path.join(dataDir, 'secrets.sealed.json'), {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  });
}
