import type { LocalCluster } from '../harness/local-cluster';
import { nodeCommand, redisCli } from '../harness/redis-cli';
import type { DrillMode } from './drill-types';

/** A fault in progress; `recover()` resolves once the victim runs again. */
export interface Fault {
  recover(): Promise<void>;
}

/**
 * How long `pause` blocks a master: well past node-timeout, so the cluster flags it `fail` and
 * promotes its replica (about node-timeout + 1–2 s), while it is still asleep.
 */
export function pauseSeconds(nodeTimeoutMs: number): number {
  return Math.ceil((3 * nodeTimeoutMs + 2000) / 1000);
}

/**
 * Takes the master on `victimPort` away.
 * - kill: SIGKILL; recover() restarts it from its folder, and it rejoins as a replica.
 * - failover: CLUSTER FAILOVER on its replica (graceful, no write lost); nothing to recover.
 * - pause: DEBUG SLEEP on the master, longer than node-timeout. Chosen over CLIENT PAUSE because
 *   a paused server still answers the cluster bus, so it is never failed over; a sleeping one is
 *   silent on every port, like a stalled VM, and wakes up to find itself demoted. recover() waits
 *   for it to wake.
 */
export async function injectFault(
  mode: DrillMode,
  cluster: LocalCluster,
  victimPort: number,
  replicaPort: number,
  nodeTimeoutMs: number,
): Promise<Fault> {
  switch (mode) {
    case 'kill':
      await cluster.kill(victimPort);
      return {
        recover: async () => {
          await cluster.restart(victimPort);
        },
      };
    case 'failover': {
      const out = await nodeCommand(replicaPort, 'CLUSTER', 'FAILOVER');
      if (!out.includes('OK')) throw new Error(`CLUSTER FAILOVER on ${replicaPort} answered ${out.trim()}`);
      return { recover: async () => undefined };
    }
    case 'pause': {
      const secs = pauseSeconds(nodeTimeoutMs);
      const asleep = redisCli(
        ['-h', '127.0.0.1', '-p', String(victimPort), 'DEBUG', 'SLEEP', String(secs)],
        secs * 1000 + 10000,
      ).catch(() => undefined);
      return {
        recover: async () => {
          await asleep;
        },
      };
    }
    case 'partition':
      throw new Error('partition faults are injected by runPartitionDrill, not by injectFault');
  }
}
