import { describe, expect, it } from 'vitest';
import type { ClusterNode, TopologySnapshot } from '../../shared/types/topology';
import type { RedisArg } from '../redis/handle';
import { FailoverError, manualFailover } from './manual-failover';

const node = (id: string, address: string, role: 'master' | 'replica'): ClusterNode => ({
  id,
  address,
  role,
  health: 'online',
  flags: [],
  reachable: true,
});

const snapshot = {
  takenAt: 0,
  mode: 'cluster',
  clusterState: 'ok',
  shards: [
    {
      slots: [[0, 16383]],
      master: node('m1', '127.0.0.1:7000', 'master'),
      replicas: [node('r1', '[::1]:7001', 'replica')],
    },
  ],
  coverage: { assigned: 16384, ok: 16384, pfail: 0, fail: 0, unassigned: 0 },
  migrations: [],
  reachable: true,
} as TopologySnapshot;

/** The decisions around the commands; the commands themselves run against Redis in manual-failover.redis.test.ts. */
function handle(kind: 'single' | 'cluster', role = 'slave') {
  const sent: string[] = [];
  return {
    sent,
    handle: {
      kind,
      node: (host: string, port: number) => ({
        address: `${host}:${port}`,
        call: async (command: string, ...args: RedisArg[]) => {
          sent.push(`${host} ${port} ${[command, ...args].join(' ')}`);
          return command === 'ROLE' ? [role] : 'OK';
        },
      }),
    },
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FailoverError);
  return (e as FailoverError).code;
}

describe('manualFailover', () => {
  it('asks the replica for its role, then sends CLUSTER FAILOVER (FORCE when asked) to it', async () => {
    const h = handle('cluster');
    await expect(manualFailover({ ...h, snapshot, replicaId: 'r1', force: true })).resolves.toEqual({
      replicaId: 'r1',
      address: '[::1]:7001',
    });
    expect(h.sent).toEqual(['::1 7001 ROLE', '::1 7001 CLUSTER FAILOVER FORCE']);
  });

  it('refuses with a code and sends nothing for a single server, no topology, an unknown id or a master', async () => {
    const h = handle('cluster');
    expect(await codeOf(manualFailover({ ...handle('single'), snapshot, replicaId: 'r1' }))).toBe('not-a-cluster');
    expect(await codeOf(manualFailover({ ...h, snapshot: null, replicaId: 'r1' }))).toBe('no-topology');
    expect(await codeOf(manualFailover({ ...h, snapshot, replicaId: 'nope' }))).toBe('unknown-node');
    await expect(manualFailover({ ...h, snapshot, replicaId: 'm1' })).rejects.toThrow(
      'node m1 (127.0.0.1:7000) is a master: choose one of its replicas',
    );
    expect(h.sent).toEqual([]);
  });

  it('refuses when the node says it is a master now (the snapshot was a round old)', async () => {
    const h = handle('cluster', 'master');
    await expect(manualFailover({ ...h, snapshot, replicaId: 'r1' })).rejects.toThrow(
      /reports role master, not replica: refresh and choose again/,
    );
    expect(h.sent).toEqual(['::1 7001 ROLE']);
  });
});
