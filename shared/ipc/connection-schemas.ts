import { z } from 'zod';
import { wireText } from './wire-values';

/**
 * The connection's part of the IPC contract (contract.ts re-exports all of it): profiles as the
 * renderer sees and sends them, the connection's status, and what `app:info` says.
 */

/** Profile ids are UUIDs the store made; the bound keeps a forged one from being huge. */
const ProfileId = wireText(100, 1);

/** A connection profile as the renderer sees it: never the password. */
export const ConnectionProfileSchema = z.object({
  id: z.string(),
  name: z.string().min(1).max(100),
  mode: z.enum(['single', 'cluster']),
  /** Single mode: redis:// URL without credentials. */
  url: z.string().optional(),
  /** Cluster mode: seed list `host:port,host:port`. */
  nodes: z.string().optional(),
  username: z.string().optional(),
  hasPassword: z.boolean(),
  tls: z.boolean(),
  /** `announced=reachable,…` as in REDIS_NAT_MAP. */
  natMap: z.string().optional(),
  /**
   * Rebalance a queue whose newest partitions are uneven over the masters, from this console,
   * while connected with this profile (issue 15). Default off.
   */
  autoRebalance: z.boolean().optional(),
  /** At most one automatic rebalance per queue in this many minutes (1-1440, default 10). */
  autoRebalanceMinutes: z.number().optional(),
});
export type ConnectionProfile = z.infer<typeof ConnectionProfileSchema>;

/**
 * What the renderer sends to test, connect or save: the password only travels this way. Strict
 * and bounded: an unknown field or an oversized one is refused, not silently dropped.
 */
export const ConnectionProfileInputSchema = ConnectionProfileSchema.omit({ id: true, hasPassword: true })
  .extend({
    id: ProfileId.optional(),
    name: wireText(100, 1),
    url: wireText(2048).optional(),
    nodes: wireText(10_000).optional(),
    username: wireText(256).optional(),
    natMap: wireText(10_000).optional(),
    password: wireText(1000).optional(),
  })
  .strict();
export type ConnectionProfileInput = z.infer<typeof ConnectionProfileInputSchema>;

export const ConnectionStatusSchema = z.object({
  state: z.enum(['disconnected', 'connecting', 'ready', 'reconnecting', 'error']),
  mode: z.enum(['single', 'cluster']).optional(),
  /** Password-free description: seeds or URL, user, TLS. */
  description: z.string().optional(),
  profileId: z.string().optional(),
  /** While reconnecting: when the next try happens (epoch ms). */
  retryAt: z.number().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

/**
 * How this process keeps saved passwords: `encrypted` (an OS keychain or key store seals them),
 * `plaintext-file` (a 0600 file anyone with the account can read back) or `memory` (forgotten when
 * the process stops). Only `encrypted` protects them at rest.
 */
export const SecretStorageSchema = z.enum(['encrypted', 'plaintext-file', 'memory']);
export type SecretStorage = z.infer<typeof SecretStorageSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  readOnly: z.boolean(),
  transport: z.enum(['electron', 'web']),
  secretStorage: SecretStorageSchema,
});
export type AppInfo = z.infer<typeof AppInfoSchema>;
