import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopologyEvent, TopologySnapshot } from '../../shared/types/topology';
import { startLocalCluster, type LocalCluster } from '../harness/local-cluster';
import { pickFailoverVictim, type FailoverVictim } from '../testing/failover-victim';
import { until } from '../testing/queue-fixture';
import { redisTarget, uniqueName } from '../testing/redis-target';
import type { ServeHandle } from './serve';
import { ServeClient } from './serve-client';
import { auth, serveFor } from './serve-test-support';

const target = redisTarget();

// Each mode defines only the tests it really runs (no silent skips).
if (target.mode === 'cluster') {
  describe('slotline serve pushes failover events from its own 3+3 cluster (needs Redis, kills nodes)', () => {
    const NODE_TIMEOUT_MS = 2000;
    let cluster: LocalCluster | undefined;
    let server: ServeHandle | undefined;
    let client: ServeClient | undefined;
    let killed: FailoverVictim;

    beforeAll(async () => {
      cluster = await startLocalCluster({
        dir: path.join(os.tmpdir(), uniqueName('sl-serve-cluster')),
        nodeTimeoutMs: NODE_TIMEOUT_MS,
      });
      server = await serveFor(cluster.settings);
      client = await ServeClient.connect(server.baseUrl, server.token);
    });

    afterAll(async () => {
      client?.close();
      await server?.stop();
      await cluster?.stop();
    });

    const snapshot = async () => {
      const r = await client!.invoke<TopologySnapshot | null>('topology:snapshot', {});
      return r.ok ? r.data : null;
    };

    it('sends replica-promoted over the WebSocket when a master is killed', async () => {
      let snap: TopologySnapshot | null = null;
      await until(
        'a healthy 3+3 snapshot',
        async () => {
          snap = await snapshot();
          return (
            !!snap &&
            snap.coverage.ok === 16384 &&
            snap.shards.filter((s) => s.slots.length > 0 && s.replicas.length === 1).length === 3
          );
        },
        15000,
      );
      killed = pickFailoverVictim(snap!);
      const killedAt = Date.now();
      await cluster!.kill(killed.port);
      type Promoted = Extract<TopologyEvent, { type: 'replica-promoted' }>;
      const promoted = await client!.waitForEvent<TopologyEvent>(
        'topology:event',
        (e) => e.type === 'replica-promoted' && e.oldMasterId === killed.id,
        NODE_TIMEOUT_MS + 5000,
      );
      expect(promoted as Promoted).toMatchObject({
        oldMasterAddress: killed.address,
        newMasterId: killed.replicaId,
        newMasterAddress: killed.replicaAddress,
        slots: killed.slots,
      });
      expect(Date.now() - killedAt).toBeLessThan(NODE_TIMEOUT_MS + 5000);
      const history = await client!.invoke<TopologyEvent[]>('topology:history', {});
      expect(history.ok && history.data.some((e) => e.type === 'replica-promoted' && e.oldMasterId === killed.id)).toBe(
        true,
      );
      const metrics = await (await fetch(`${server!.baseUrl}/metrics`, { headers: auth(server!.token) })).text();
      expect(metrics).toContain('slotline_failovers_total 1');
    });

    it('sends node-rejoined-as-replica when the killed master restarts', async () => {
      await cluster!.restart(killed.port);
      // Field notes: the restarted node rejoins as a replica within 6–17 s.
      const rejoined = await client!.waitForEvent<TopologyEvent>(
        'topology:event',
        (e) => e.type === 'node-rejoined-as-replica' && e.nodeId === killed.id,
        25000,
      );
      expect(rejoined).toMatchObject({
        address: killed.address,
        masterId: killed.replicaId,
        masterAddress: killed.replicaAddress,
      });
    });

    it('hands the slots back with topology:failover on the rejoined replica', async () => {
      await until(
        'the rejoined node to be in sync',
        async () => {
          const s = await snapshot();
          const shard = s?.shards.find((x) => x.master.id === killed.replicaId);
          return shard?.replicas.some((r) => r.id === killed.id && r.linkStatus === 'up') ?? false;
        },
        20000,
      );
      const r = await client!.invoke('topology:failover', { replicaId: killed.id });
      expect(r).toMatchObject({ ok: true, data: { replicaId: killed.id, address: killed.address } });
      await until(
        'the old master to own its slots again',
        async () => {
          const s = await snapshot();
          return s?.shards.find((x) => x.master.id === killed.id)?.slots.length === killed.slots.length;
        },
        15000,
      );
    });
  });
} else {
  describe('slotline serve on a single server has no failover to watch', () => {
    it('reports a one-node topology and no topology events', async () => {
      const server = await serveFor(target.settings);
      try {
        const client = await ServeClient.connect(server.baseUrl, server.token);
        const snap = await client.waitForEvent<TopologySnapshot>('topology:changed', (s) => s.reachable, 5000);
        expect(snap.shards).toHaveLength(1);
        // Queue rebalances made by other tests on this shared server are backfilled onto every new
        // console's timeline (the last 24 h); a one-node server itself has no topology event.
        const topologyEvents = client.events.filter(
          (e) => e.event === 'topology:event' && (e.payload as { type?: string }).type !== 'queue-rebalanced',
        );
        expect(topologyEvents).toEqual([]);
        client.close();
      } finally {
        await server.stop();
      }
    });
  });
}
