import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { connectionHandlers } from '../ipc/connection-handlers';
import { autoRebalanceFromProfile } from './profile-settings';
import { ProfileStore } from './profile-store';
import { MemorySecretBox } from './secret-box';

const base = { name: 'big', mode: 'cluster' as const, nodes: '127.0.0.1:7000', tls: false };

describe('the automatic rebalance in a connection profile', () => {
  it('is off unless the profile asks, with its minutes checked like the environment variable', () => {
    expect(autoRebalanceFromProfile({})).toEqual({ enabled: false, minIntervalMs: 600_000 });
    expect(autoRebalanceFromProfile({ autoRebalance: true, autoRebalanceMinutes: 30 })).toEqual({
      enabled: true,
      minIntervalMs: 1_800_000,
    });
    expect(() => autoRebalanceFromProfile({ autoRebalance: true, autoRebalanceMinutes: 0 })).toThrow(
      'SLOTLINE_AUTO_REBALANCE_MINUTES="0" is not valid: expected a whole number of minutes from 1 to 1440',
    );
  });

  it('is saved with the profile; a bad interval is refused and nothing is written', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sl-prof-')), 'profiles.json');
    const store = new ProfileStore(file, new MemorySecretBox());
    const saved = await store.save({ ...base, autoRebalance: true, autoRebalanceMinutes: 15 });
    expect(saved).toMatchObject({ autoRebalance: true, autoRebalanceMinutes: 15 });
    expect((await store.list())[0]).toMatchObject({ autoRebalance: true, autoRebalanceMinutes: 15 });
    const before = fs.readFileSync(file, 'utf8');
    await expect(store.save({ ...base, name: 'bad', autoRebalance: true, autoRebalanceMinutes: 2.5 })).rejects.toThrow(
      /SLOTLINE_AUTO_REBALANCE_MINUTES="2.5" is not valid/,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('goes with connection:connect to the context', async () => {
    const connect = vi.fn(async () => ({ state: 'ready' as const }));
    const h = connectionHandlers({
      connect,
      connection: {} as never,
      profiles: { get: async () => undefined, passwordFor: async () => undefined } as never,
    });
    await h['connection:connect']({ ...base, autoRebalance: true, autoRebalanceMinutes: 3 });
    await h['connection:connect']({ ...base });
    expect(connect.mock.calls.map((c) => (c as unknown[])[2])).toEqual([
      { autoRebalance: { enabled: true, minIntervalMs: 180_000 } },
      { autoRebalance: { enabled: false, minIntervalMs: 600_000 } },
    ]);
  });
});
