import type { SecretStorage } from '../../../shared/ipc/contract';

const TEXT: Record<SecretStorage, string> = {
  encrypted: 'Saved passwords are encrypted by the operating system’s keychain.',
  memory:
    'Saved passwords are not encrypted here, so they are kept in memory only and forgotten when the console stops.',
  'plaintext-file': 'Saved passwords are stored NOT encrypted, in a file that anyone with this account can read back.',
};

/** Says how main keeps saved passwords; anything but `encrypted` is shown as a warning. */
export function SecretStorageNote({ storage }: { storage: SecretStorage | undefined }) {
  if (!storage) return null;
  const warn = storage !== 'encrypted';
  return (
    <p
      className={warn ? 'health-pfail' : 'muted'}
      role={warn ? 'note' : undefined}
      data-testid="conn-secret-storage"
      data-storage={storage}
    >
      {TEXT[storage]}
    </p>
  );
}
