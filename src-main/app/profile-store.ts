import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  ConnectionProfileSchema,
  type ConnectionProfile,
  type ConnectionProfileInput,
} from '../../shared/ipc/contract';
import { SlotlineError } from '../../shared/errors';
import { describeSettings, type ConnectionSettings } from '../../shared/settings/connection-settings';
import { createLogger } from '../log/create-logger';
import type { SecretBox } from './secret-box';
import {
  autoRebalanceFromProfile,
  connectionTarget,
  settingsFromProfile,
  stripUrlCredentials,
} from './profile-settings';

const log = createLogger('profiles');

const StoredProfileSchema = ConnectionProfileSchema.omit({ hasPassword: true });
type StoredProfile = z.infer<typeof StoredProfileSchema>;

/**
 * A saved password was asked for with a target (host, port, TLS, user, NAT map) other than the
 * one it was saved with. It is only ever sent where it was saved for.
 */
export class PasswordTargetChangedError extends SlotlineError {
  constructor(profileName: string, savedFor: string, asked: string) {
    super(
      'password-target-changed',
      `profile ${JSON.stringify(profileName)} keeps its saved password for ${savedFor}, not ${asked}: ` +
        'type the password to use it with a changed address',
    );
  }
}

/** The target of a stored profile, or undefined when it no longer parses (a hand-edited file). */
function targetOf(p: StoredProfile): string | undefined {
  try {
    return connectionTarget(settingsFromProfile(p).settings);
  } catch {
    return undefined;
  }
}

/**
 * Saved connections: a JSON file in the data folder without any password (those go to the
 * SecretBox, keyed by profile id); the renderer only ever learns `hasPassword`.
 */
export class ProfileStore {
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly secrets: SecretBox,
  ) {}

  /** Every saved profile, as the renderer may see it. */
  async list(): Promise<ConnectionProfile[]> {
    const stored = await this.read();
    return Promise.all(stored.map(async (p) => ({ ...p, hasPassword: (await this.secrets.get(p.id)) !== undefined })));
  }

  /**
   * Saves (creates, or replaces the one with `id`). A password in the input replaces the stored
   * one; an empty string removes it; none keeps it only while the target stays the same, so a
   * secret never follows a profile to another address. Credentials inside a URL are moved out of it.
   */
  async save(input: ConnectionProfileInput): Promise<ConnectionProfile> {
    // Refuse what would not connect, with the parser's message, before writing anything.
    const target = connectionTarget(settingsFromProfile(input).settings);
    autoRebalanceFromProfile(input);
    const fromUrl = input.url ? stripUrlCredentials(input.url) : undefined;
    const id = input.id ?? randomUUID();
    const profile: StoredProfile = StoredProfileSchema.parse({
      id,
      name: input.name,
      mode: input.mode,
      url: fromUrl?.url,
      nodes: input.nodes,
      username: input.username || fromUrl?.username,
      tls: input.tls,
      natMap: input.natMap,
      ...(input.autoRebalance ? { autoRebalance: true } : {}),
      ...(input.autoRebalanceMinutes !== undefined ? { autoRebalanceMinutes: input.autoRebalanceMinutes } : {}),
    });
    const password = input.password ?? fromUrl?.password;
    let previous: StoredProfile | undefined;
    await this.update((all) => {
      const i = all.findIndex((p) => p.id === id);
      previous = all[i];
      if (i === -1) all.push(profile);
      else all[i] = profile;
    });
    if (password === '') await this.secrets.delete(id);
    else if (password !== undefined) await this.secrets.set(id, password);
    else if (previous && targetOf(previous) !== target && (await this.secrets.get(id)) !== undefined) {
      await this.secrets.delete(id);
      log.info(`profile ${JSON.stringify(profile.name)}: the address changed, so its saved password was dropped`);
    }
    return { ...profile, hasPassword: (await this.secrets.get(id)) !== undefined };
  }

  async delete(id: string): Promise<boolean> {
    let deleted = false;
    await this.update((all) => {
      const i = all.findIndex((p) => p.id === id);
      if (i !== -1) {
        all.splice(i, 1);
        deleted = true;
      }
    });
    await this.secrets.delete(id);
    return deleted;
  }

  /** The stored password of a profile, whatever its target; never sent to the renderer. */
  async password(id: string): Promise<string | undefined> {
    return this.secrets.get(id);
  }

  /**
   * The stored password of profile `id`, for connecting to `asked`: only when `asked` is the very
   * target it was saved with. Undefined when the profile has none (or does not exist); throws
   * PasswordTargetChangedError when it has one but `asked` goes elsewhere.
   */
  async passwordFor(id: string, asked: ConnectionSettings): Promise<string | undefined> {
    const stored = await this.get(id);
    const secret = stored ? await this.secrets.get(id) : undefined;
    if (!stored || secret === undefined) return undefined;
    if (targetOf(stored) === connectionTarget(asked)) return secret;
    const savedFor = describeSettings(settingsFromProfile(stored).settings);
    throw new PasswordTargetChangedError(stored.name, savedFor, describeSettings(asked));
  }

  async get(id: string): Promise<StoredProfile | undefined> {
    return (await this.read()).find((p) => p.id === id);
  }

  private update(change: (all: StoredProfile[]) => void): Promise<void> {
    const run = this.writes.then(async () => {
      const all = await this.read();
      change(all);
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, JSON.stringify({ profiles: all }, null, 2) + '\n', { mode: 0o600 });
      await fs.promises.rename(tmp, this.file);
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<StoredProfile[]> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new SlotlineError(
        'corrupt-profiles',
        `${this.file} is not valid JSON (${(e as Error).message}): fix or delete it`,
      );
    }
    const list = (parsed as { profiles?: unknown }).profiles;
    if (!Array.isArray(list)) return [];
    const out: StoredProfile[] = [];
    for (const raw of list) {
      const r = StoredProfileSchema.safeParse(raw);
      if (r.success) out.push(r.data);
      else log.warn(`${this.file}: skipped an unreadable profile`);
    }
    return out;
  }
}
