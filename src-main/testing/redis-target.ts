import { inject } from 'vitest';
import type { ConnectionSettings } from '../../shared/settings/connection-settings';

/** What globalSetup started for the Redis suite, handed to every test file through provide/inject. */
export interface RedisTarget {
  mode: 'single' | 'cluster';
  settings: ConnectionSettings;
  /** Ports of every redis-server the setup started. */
  ports: number[];
  /** The harness folder (cluster: holds cluster.json). */
  dir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisTarget: RedisTarget;
  }
}

/** The shared server of this run. Tests must not kill it; tests that kill nodes start their own. */
export function redisTarget(): RedisTarget {
  return inject('redisTarget');
}

/** A name no other test uses, so tests can share one server. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
