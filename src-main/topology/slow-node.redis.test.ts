import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseHostPort } from '../../shared/host-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePortRange } from '../harness/free-port';
import { nodeCommand } from '../harness/redis-cli';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { parseClusterNodes } from './parse-cluster-nodes';
import { TopologyMonitor } from './topology-monitor';

const target = redisTarget();

/**
 * A TCP relay to a real node that holds every reply for `delayMs` (order kept): the node is
 * alive, just slow to answer, the way a busy or far-away one is. Requests pass at once.
 */
function slowRelay(toPort: number) {
  const state = { delayMs: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(toPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let last = 0;
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      const at = Math.max(Date.now() + state.delayMs, last);
      last = at;
      setTimeout(() => client.writable && client.write(d), at - Date.now());
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return {
    state,
    server,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

if (target.mode === 'cluster')
  describe('a slow but alive node (the suite cluster, behind a slow relay; needs Redis)', () => {
    let relay: ReturnType<typeof slowRelay>;
    let handle: RedisHandle;
    let monitor: TopologyMonitor;
    let replica: string;

    beforeAll(async () => {
      const view = parseClusterNodes(await nodeCommand(target.ports[0]!, 'CLUSTER', 'NODES'));
      replica = view.nodes.find((n) => n.role === 'replica')!.address;
      relay = slowRelay(parseHostPort(replica).port);
      const relayPort = await findFreePortRange(1);
      await new Promise<void>((r) => relay.server.listen(relayPort, '127.0.0.1', r));
      if (target.settings.mode !== 'cluster') throw new Error('expected cluster settings');
      // The handle reaches that replica only through the relay (NAT mapping, as behind Docker).
      handle = await createConnection({
        ...target.settings,
        natMap: { [replica]: { host: '127.0.0.1', port: relayPort } },
      });
      monitor = new TopologyMonitor(handle, { intervalMs: 100, nodeTimeoutMs: 800 });
      monitor.start();
    });
    afterAll(async () => {
      await monitor?.stop();
      await handle?.close();
      relay?.close();
    });

    const replicaReachable = () =>
      monitor
        .snapshot()
        ?.shards.flatMap((s) => s.replicas)
        .find((n) => n.address === replica)?.reachable;

    it('counts as reachable again after one missed round, although it answers in 300 ms, not 150', async () => {
      await until('the replica to answer', () => replicaReachable() === true, 15000);
      relay.state.delayMs = 1200; // one hiccup longer than the 800 ms node timeout...
      await until('the replica to miss a round', () => replicaReachable() === false, 10000);
      relay.state.delayMs = 300; // ...then slow but well within the timeout
      await sleep(1500); // the hiccup's replies drain; a round or two on the short timeout
      const seen: boolean[] = [];
      for (let i = 0; i < 20; i++) {
        seen.push(replicaReachable() === true);
        await sleep(150);
      }
      process.stdout.write(`[slow-node] reachable in ${seen.filter(Boolean).length} of ${seen.length} samples\n`);
      // Before the fix it needed a sub-150 ms answer to leave the short timeout: never, here.
      expect(seen).toEqual(Array(20).fill(true));
    });
  });

if (target.mode === 'single')
  describe('a slow but alive single server (the suite server, behind a slow relay; needs Redis)', () => {
    let relay: ReturnType<typeof slowRelay>;
    let handle: RedisHandle;
    let monitor: TopologyMonitor;

    beforeAll(async () => {
      relay = slowRelay(target.ports[0]!);
      const relayPort = await findFreePortRange(1);
      await new Promise<void>((r) => relay.server.listen(relayPort, '127.0.0.1', r));
      handle = await createConnection({ mode: 'single', url: `redis://127.0.0.1:${relayPort}`, tls: false });
      monitor = new TopologyMonitor(handle, { intervalMs: 100, nodeTimeoutMs: 800 });
      monitor.start();
    });
    afterAll(async () => {
      await monitor?.stop();
      await handle?.close();
      relay?.close();
    });

    it('stays reachable while it answers in 300 ms, within the node timeout', async () => {
      await until('a first snapshot', () => monitor.snapshot()?.reachable === true, 15000);
      relay.state.delayMs = 300;
      await sleep(1000);
      const seen: boolean[] = [];
      for (let i = 0; i < 10; i++) {
        seen.push(monitor.snapshot()?.shards[0]?.master.reachable === true);
        await sleep(150);
      }
      expect(seen).toEqual(Array(10).fill(true));
    });
  });
