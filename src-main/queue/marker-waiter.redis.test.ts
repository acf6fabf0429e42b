import { setTimeout as sleep } from 'node:timers/promises';
import calculateSlot from 'cluster-key-slot';
import { parseHostPort } from '../../shared/host-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCommand, parseInfoLines } from '../harness/redis-cli';
import { parseClusterNodes } from '../topology/parse-cluster-nodes';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { redisTarget, uniqueName } from '../testing/redis-target';
import { Queue } from './queue';
import { Worker } from './worker';

const target = redisTarget();
const PARTITIONS = 6;

/** CLIENT LIST lines of one node whose name starts with `prefix`. */
async function clientsNamed(port: number, prefix: string): Promise<string[]> {
  const list = await nodeCommand(port, 'CLIENT', 'LIST');
  return list.split('\n').filter((l) => new RegExp(`\\bname=${prefix}`).test(l));
}

async function connectionsReceived(port: number): Promise<number> {
  return Number(parseInfoLines(await nodeCommand(port, 'INFO', 'stats')).total_connections_received);
}

/** Connections all nodes accepted during `ms` (each reading's own redis-cli included). */
async function newConnectionsWithin(ms: number): Promise<number> {
  const a = await Promise.all(target.ports.map(connectionsReceived));
  await sleep(ms);
  const b = await Promise.all(target.ports.map(connectionsReceived));
  return b.reduce((sum, n, i) => sum + n - a[i]!, 0);
}

/** Port of the master that owns each slot, from one node's CLUSTER NODES. */
async function ownerOfSlot(): Promise<(slot: number) => number> {
  if (target.mode === 'single') return () => target.ports[0]!;
  const view = parseClusterNodes(await nodeCommand(target.ports[0]!, 'CLUSTER', 'NODES'));
  return (slot) => {
    const n = view.nodes.find((x) => x.role === 'master' && x.slots.some(([a, b]) => slot >= a && slot <= b));
    return parseHostPort(n!.address).port;
  };
}

describe(`a worker's idle waits (${target.mode}, needs Redis)`, () => {
  let handle: RedisHandle;
  let worker: Worker | undefined;
  const name = uniqueName('mw');

  beforeAll(async () => {
    handle = await createConnection(target.settings, { connectionName: name });
  });
  afterAll(async () => {
    await worker?.stop(2000);
    await handle?.close();
  });

  it(`use one plain connection per waiting partition, on its own master only, and open none while idle`, async () => {
    const q = await Queue.open(handle, uniqueName('idle'), { partitions: PARTITIONS });
    const before = new Map<number, number>();
    for (const p of target.ports) before.set(p, (await clientsNamed(p, name)).length);
    // Connections that happen anyway in 4 s: the shared handle's slot refreshes, these INFO calls.
    const idle = await newConnectionsWithin(4000);
    worker = new Worker(q, () => undefined, { blockTimeoutMs: 1000, heartbeatMs: 60000, stalledIntervalMs: 60000 });
    worker.start();
    await sleep(1500); // every partition is empty: all fetch loops are in BLPOP
    const withWorker = await newConnectionsWithin(4000);
    const owner = await ownerOfSlot();
    const expected = new Map<number, number>();
    for (const p of q.partitions) {
      const port = owner(calculateSlot(p.keys.marker));
      expected.set(port, (expected.get(port) ?? 0) + 1);
    }
    const opened = new Map<number, number>();
    const blocked = new Map<number, number>();
    for (const port of target.ports) {
      const lines = await clientsNamed(port, name);
      opened.set(port, lines.length - before.get(port)!);
      blocked.set(port, lines.filter((l) => /\bcmd=blpop\b/.test(l)).length);
    }
    const newConnections = withWorker - idle;
    process.stdout.write(
      `[marker-waiter] ${PARTITIONS} partitions: connections opened per node ${JSON.stringify(Object.fromEntries(opened))}, ` +
        `blocked in BLPOP ${JSON.stringify(Object.fromEntries(blocked))}, new connections in 4 s idle: ${newConnections} (beyond ${idle} without the worker)\n`,
    );
    for (const port of target.ports) {
      // Each waiting partition blocks one connection on the master of its slot, and nothing else.
      expect(blocked.get(port), `node ${port}`).toBe(expected.get(port) ?? 0);
      expect(opened.get(port), `node ${port}`).toBe(expected.get(port) ?? 0);
    }
    // Idle waits reuse their connections (no slot-map refreshers, no reconnects); 2 allows for
    // one more or one fewer refresh of the shared handle falling inside a window.
    expect(newConnections).toBeLessThanOrEqual(2);
  });

  it('wakes a waiting partition at once when a task is enqueued there', async () => {
    const q = await Queue.open(handle, uniqueName('wake'), { partitions: PARTITIONS });
    const done: number[] = [];
    const w = new Worker(q, () => void done.push(Date.now()), { blockTimeoutMs: 5000, heartbeatMs: 60000 });
    w.start();
    try {
      await sleep(500);
      const t0 = Date.now();
      await q.enqueue({ n: 1 });
      for (let i = 0; i < 200 && done.length === 0; i++) await sleep(10);
      expect(done).toHaveLength(1);
      expect(done[0]! - t0).toBeLessThan(1000);
    } finally {
      await w.stop(2000);
    }
  });
});
