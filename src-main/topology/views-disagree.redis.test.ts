import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDisagreement } from '../../shared/format/slot-views';
import type { TopologyEvent, TopologySnapshot } from '../../shared/types/topology';
import { nodeCommand } from '../harness/redis-cli';
import { createConnection } from '../redis/create-connection';
import type { RedisHandle } from '../redis/handle';
import { until } from '../testing/queue-fixture';
import { redisTarget } from '../testing/redis-target';
import { compareSlotViews } from './compare-views';
import { parseClusterNodes } from './parse-cluster-nodes';
import { TopologyMonitor } from './topology-monitor';

const target = redisTarget();

/** Every suite node's own CLUSTER NODES, compared the way the monitor compares them. */
async function suiteViewsAgree(): Promise<boolean> {
  const views = await Promise.all(
    target.ports.map(async (port) => ({
      address: `127.0.0.1:${port}`,
      view: parseClusterNodes(await nodeCommand(port, 'CLUSTER', 'NODES')),
    })),
  );
  return compareSlotViews(views, Date.now()) === undefined;
}

if (target.mode !== 'cluster')
  process.stdout.write(
    'views-disagree test skipped in redis-single: a single server has one view, nothing to disagree with\n',
  );

describe.skipIf(target.mode !== 'cluster')(
  'nodes that disagree about a slot (the suite cluster; one node forgets a slot briefly; needs Redis)',
  () => {
    let handle: RedisHandle;
    let monitor: TopologyMonitor;
    const snapshots: TopologySnapshot[] = [];
    const events: TopologyEvent[] = [];

    beforeAll(async () => {
      handle = await createConnection(target.settings);
      monitor = new TopologyMonitor(handle, { intervalMs: 50, nodeTimeoutMs: 800 });
      monitor.onSnapshot((s) => snapshots.push(s));
      monitor.onEvent((e) => events.push(e));
      monitor.start();
    });
    afterAll(async () => {
      await monitor?.stop();
      await handle?.close();
    });

    it('shows the disagreement while it lasts and records it as one episode once the nodes agree', async () => {
      await until('a first snapshot with three masters', () => (monitor.snapshot()?.shards.length ?? 0) >= 3, 15000);
      const view = parseClusterNodes(await nodeCommand(target.ports[0]!, 'CLUSTER', 'NODES'));
      const masters = view.nodes.filter((n) => n.role === 'master' && n.slots.length > 0);
      const owner = masters[1]!;
      const other = masters.find((m) => m.id !== owner.id)!;
      const slot = owner.slots[0]![0];
      const otherPort = Number(other.address.split(':').pop());
      try {
        // DELSLOTS on a node that does not own the slot only unbinds it in that node's own view;
        // the owner's next heartbeat binds it again. Repeated (bounded) until the monitor sees it.
        for (let i = 0; i < 10 && !snapshots.some((s) => s.disagreement); i++) {
          await nodeCommand(otherPort, 'CLUSTER', 'DELSLOTS', String(slot)).catch(() => '');
          await until('a disagreeing snapshot', () => snapshots.some((s) => s.disagreement), 600).catch(() => {});
        }
        const seen = snapshots.find((s) => s.disagreement)!;
        expect(seen, 'the monitor saw the nodes disagree').toBeDefined();
        const d = seen.disagreement!;
        process.stdout.write(`[views-disagree] ${describeDisagreement(d)}\n`);
        expect(d.contested).toEqual([[slot, slot]]);
        const lone = d.views.find((v) => v.nodes.includes(other.address))!;
        expect(lone.claims).toEqual([{ slots: [[slot, slot]] }]);
        const rest = d.views.find((v) => !v.nodes.includes(other.address))!;
        expect(rest.claims).toEqual([{ ownerId: owner.id, ownerAddress: owner.address, slots: [[slot, slot]] }]);

        await until('the episode event', () => events.some((e) => e.type === 'views-disagreed'), 15000);
        const e = events.find((x) => x.type === 'views-disagreed')!;
        if (e.type !== 'views-disagreed') throw new Error('unreachable');
        expect(e.slots).toEqual([[slot, slot]]);
        expect(e.nodes).toContain(other.address);
        expect(e.startedAt).toBe(d.since);
        process.stdout.write(`[views-disagree] episode lasted ${e.durationMs} ms\n`);
        expect(monitor.snapshot()!.disagreement).toBeUndefined();
      } finally {
        // The owner's heartbeat rebinds the slot; wait (bounded) so the next test file gets an agreed cluster.
        await until('every suite node to agree again', suiteViewsAgree, 15000).catch(async (err: unknown) => {
          await nodeCommand(otherPort, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', owner.id).catch(() => '');
          await sleep(500);
          throw err;
        });
      }
    });
  },
);
