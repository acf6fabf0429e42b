import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeClient, RedisArg, RedisHandle } from '../redis/handle';
import type { TopologyEvent, TopologySnapshot } from '../../shared/types/topology';
import * as R from './fixtures/captured-replies';
import { IDS } from './fixtures/node-ids';
import type { RoundResult } from './poll-cluster';
import { TopologyMonitor, type TopologyMonitorStatus } from './topology-monitor';

/** Per address: what the node answers (after `delayMs`), `down` (refuses) or `hang` (never answers). */
type Behaviour = { nodes: string; delayMs?: number } | 'down' | 'hang';

/** A RedisHandle whose nodes answer from captured replies, for driving the monitor without Redis. */
class FakeHandle {
  readonly kind = 'cluster' as const;
  readonly description = 'cluster fake';
  readonly endpoints = [];
  retained: string[][] = [];
  behaviour = new Map<string, Behaviour>();
  inFlight = 0;
  maxInFlightRounds = 0;
  calls: string[] = [];

  setAll(b: Behaviour): void {
    for (let p = 25684; p <= 25689; p++) this.behaviour.set(`127.0.0.1:${p}`, b);
  }

  masters(): NodeClient[] {
    return [];
  }

  retainNodes(addresses: Iterable<string>): void {
    this.retained.push([...addresses].sort());
  }

  node(host: string, port: number): NodeClient {
    const address = `${host}:${port}`;
    return {
      address,
      call: async (command: string, ...args: RedisArg[]) => {
        this.calls.push(address);
        const b = this.behaviour.get(address) ?? 'down';
        if (b === 'hang') return new Promise(() => undefined);
        await sleep(b !== 'down' && b.delayMs !== undefined ? b.delayMs : 1);
        if (b === 'down') throw new Error(`connect ECONNREFUSED ${address}`);
        const sub = String(args[0] ?? '');
        if (command === 'INFO') return R.INFO_CLUSTER_MASTER;
        if (sub === 'NODES') return b.nodes;
        if (sub === 'INFO') return R.CLUSTER_INFO_AFTER_FAILOVER;
        if (sub === 'SHARDS') return R.SHARDS_HEALTHY;
        throw new Error(`unexpected ${command} ${sub}`);
      },
    };
  }
}

async function waitFor<T>(fn: () => T | undefined | false, what: string, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const monitors: TopologyMonitor[] = [];
afterEach(async () => {
  await Promise.all(monitors.splice(0).map((m) => m.stop()));
});

function setup(seeds = ['127.0.0.1:25684'], extra: Partial<ConstructorParameters<typeof TopologyMonitor>[1]> = {}) {
  const handle = new FakeHandle();
  const monitor = new TopologyMonitor(handle as unknown as RedisHandle, {
    intervalMs: 10,
    nodeTimeoutMs: 50,
    maxBackoffMs: 80,
    seeds,
    ...extra,
  });
  monitors.push(monitor);
  const snapshots: TopologySnapshot[] = [];
  const events: TopologyEvent[] = [];
  const statuses: TopologyMonitorStatus[] = [];
  monitor.onSnapshot((s) => snapshots.push(s));
  monitor.onEvent((e) => events.push(e));
  monitor.onStatus((s) => statuses.push(s));
  return { handle, monitor, snapshots, events, statuses };
}

describe('TopologyMonitor (fake nodes)', () => {
  it('emits a snapshot once, then only changes, with events as diffs', async () => {
    const { handle, monitor, snapshots, events, statuses } = setup();
    handle.setAll({ nodes: R.NODES_HEALTHY });
    monitor.start();
    await waitFor(() => snapshots.length === 1 && handle.calls.length > 60, 'a few rounds');
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.coverage.ok).toBe(16384);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'ok']);
    // Asks every node the first view named, not just the seed.
    expect(new Set(handle.calls).size).toBe(6);

    handle.setAll({ nodes: R.NODES_PFAIL });
    await waitFor(() => events.length > 0, 'node-suspected');
    expect(events[0]).toMatchObject({ type: 'node-suspected', nodeId: IDS.masterB });
    expect(snapshots).toHaveLength(2);
    expect(monitor.snapshot()!.coverage.pfail).toBe(5462);
  });

  it('keeps going when the seeds die, through the nodes it learned about', async () => {
    const { handle, monitor, snapshots } = setup(['127.0.0.1:25684', '127.0.0.1:25685']);
    handle.setAll({ nodes: R.NODES_HEALTHY });
    monitor.start();
    await waitFor(() => snapshots.length === 1, 'first snapshot');
    handle.behaviour.set('127.0.0.1:25684', 'down');
    handle.behaviour.set('127.0.0.1:25685', 'hang');
    await waitFor(() => snapshots.length === 2, 'snapshot with dead seeds');
    const s = monitor.snapshot()!;
    expect(s.reachable).toBe(true);
    const a = s.shards.find((x) => x.master.address === '127.0.0.1:25684')!;
    expect(a.master.reachable).toBe(false);
    expect(monitor.currentStatus().state).toBe('ok');
  });

  it('reports lost with capped backoff while no node answers, and recovers', async () => {
    const { handle, monitor, snapshots, statuses } = setup();
    handle.setAll({ nodes: R.NODES_HEALTHY });
    monitor.start();
    await waitFor(() => snapshots.length === 1, 'first snapshot');
    handle.setAll('down');
    const lost = await waitFor(
      () => statuses.filter((s) => s.state === 'lost').length >= 5 && statuses,
      'five lost rounds',
    );
    const retries = lost.filter((s) => s.state === 'lost').map((s) => (s.state === 'lost' ? s.retryInMs : 0));
    expect(retries.slice(0, 5)).toEqual([10, 20, 40, 80, 80]);
    expect(lost.find((s) => s.state === 'lost')).toMatchObject({ error: expect.stringContaining('ECONNREFUSED') });
    expect(snapshots.filter((s) => !s.reachable)).toHaveLength(1);
    expect(monitor.snapshot()!.shards).toHaveLength(3);

    handle.setAll({ nodes: R.NODES_HEALTHY });
    await waitFor(() => statuses.at(-1)?.state === 'ok', 'recovery');
    expect(monitor.snapshot()!.reachable).toBe(true);
  });

  it('never overlaps rounds, even when a node hangs', async () => {
    const { handle, monitor, snapshots } = setup();
    handle.setAll({ nodes: R.NODES_HEALTHY });
    handle.behaviour.set('127.0.0.1:25686', 'hang');
    let active = 0;
    let maxActive = 0;
    const poll = (monitor as unknown as { poll: () => Promise<unknown> }).poll.bind(monitor);
    (monitor as unknown as { poll: () => Promise<unknown> }).poll = async () => {
      maxActive = Math.max(maxActive, ++active);
      try {
        return await poll();
      } finally {
        active--;
      }
    };
    monitor.start();
    await waitFor(() => snapshots.length >= 1 && handle.calls.length > 40, 'several rounds');
    expect(maxActive).toBe(1);
  });

  it('asks a node that did not answer with a short timeout, so a dead node does not slow every round', async () => {
    const { handle, monitor, snapshots } = setup(['127.0.0.1:25684'], { nodeTimeoutMs: 400, intervalMs: 5 });
    handle.setAll({ nodes: R.NODES_HEALTHY });
    handle.behaviour.set('127.0.0.1:25686', 'hang');
    const poll = (monitor as unknown as { poll: () => Promise<unknown> }).poll.bind(monitor);
    const durations: number[] = [];
    (monitor as unknown as { poll: () => Promise<unknown> }).poll = async () => {
      const t0 = Date.now();
      try {
        return await poll();
      } finally {
        durations.push(Date.now() - t0);
      }
    };
    monitor.start();
    await waitFor(() => snapshots.length >= 1 && durations.length >= 5, 'five rounds', 5000);
    // The first round that meets the hanging node waits the full 400 ms; later ones about 150 ms.
    expect(Math.max(...durations)).toBeGreaterThanOrEqual(390);
    expect(Math.max(...durations.slice(-3))).toBeLessThan(300);
  });

  it('counts a slow node that missed one round as reachable again, instead of on the short timeout for ever', async () => {
    const { handle, monitor } = setup(['127.0.0.1:25684'], { nodeTimeoutMs: 400, intervalMs: 5 });
    handle.setAll({ nodes: R.NODES_HEALTHY });
    const slow = '127.0.0.1:25686';
    const reachable: boolean[] = [];
    const poll = (monitor as unknown as { poll: () => Promise<RoundResult> }).poll.bind(monitor);
    (monitor as unknown as { poll: () => Promise<RoundResult> }).poll = async () => {
      const r = await poll();
      if (r.ok) {
        const n = r.snapshot.shards.flatMap((x) => [x.master, ...x.replicas]).find((x) => x.address === slow);
        reachable.push(n?.reachable ?? false);
      }
      return r;
    };
    handle.behaviour.set(slow, 'hang'); // one miss with the full 400 ms timeout...
    monitor.start();
    await waitFor(() => reachable.length >= 1, 'the round with the miss', 3000);
    expect(reachable[0]).toBe(false);
    handle.behaviour.set(slow, { nodes: R.NODES_HEALTHY, delayMs: 250 }); // ...then alive but slow
    await waitFor(() => reachable.length >= 10, 'ten rounds', 10000);
    // At most one round on the short timeout (its late answer clears it), then reachable each round.
    expect(reachable.slice(3)).toEqual(Array(reachable.length - 3).fill(true));
  });

  it('tells the handle which nodes are still in the topology, so clients of removed ones close', async () => {
    const { handle, monitor, snapshots } = setup();
    handle.setAll({ nodes: R.NODES_HEALTHY });
    monitor.start();
    await waitFor(() => snapshots.length >= 1 && handle.retained.length >= 1, 'a round');
    expect(handle.retained.at(-1)).toEqual([25684, 25685, 25686, 25687, 25688, 25689].map((p) => `127.0.0.1:${p}`));
    // 25689 is forgotten: CLUSTER NODES no longer lists it.
    const forgotten = R.NODES_HEALTHY.split('\n')
      .filter((l) => !l.includes('127.0.0.1:25689@'))
      .join('\n');
    handle.setAll({ nodes: forgotten });
    await waitFor(() => !handle.retained.at(-1)!.includes('127.0.0.1:25689'), 'the forgotten node to be dropped');
    expect(handle.retained.at(-1)).toEqual([25684, 25685, 25686, 25687, 25688].map((p) => `127.0.0.1:${p}`));
  });

  it('survives a throwing listener', async () => {
    const { handle, monitor, snapshots } = setup();
    handle.setAll({ nodes: R.NODES_HEALTHY });
    monitor.onSnapshot(() => {
      throw new Error('listener bug');
    });
    monitor.start();
    await waitFor(() => snapshots.length === 1, 'first snapshot');
    handle.setAll({ nodes: R.NODES_PFAIL });
    await waitFor(() => snapshots.length === 2, 'second snapshot');
  });

  it('says so while nodes disagree about a slot, then records the episode once', async () => {
    const { handle, monitor, snapshots, events } = setup();
    handle.setAll({ nodes: R.NODES_HEALTHY });
    monitor.start();
    await waitFor(() => snapshots.length === 1, 'first snapshot');
    expect(snapshots[0]!.disagreement).toBeUndefined();
    // 25684 alone was told slot 7000 belongs to 25686 (CLUSTER SETSLOT 7000 NODE on one node).
    handle.behaviour.set('127.0.0.1:25684', {
      nodes: R.NODES_HEALTHY.replace('connected 10923-16383', 'connected 7000 10923-16383').replace(
        'connected 5461-10922',
        'connected 5461-6999 7001-10922',
      ),
    });
    const split = await waitFor(() => snapshots.find((s) => s.disagreement), 'a disagreeing snapshot');
    const d = split.disagreement!;
    expect(d.contested).toEqual([[7000, 7000]]);
    expect(d.views.map((v) => v.nodes.length)).toEqual([5, 1]);
    expect(d.views[1]).toEqual({
      nodes: ['127.0.0.1:25684'],
      claims: [{ ownerId: IDS.masterC, ownerAddress: '127.0.0.1:25686', slots: [[7000, 7000]] }],
    });
    await sleep(40);
    // Later rounds of the same episode keep its start.
    expect(monitor.snapshot()!.disagreement!.since).toBe(d.since);
    expect(events.filter((e) => e.type === 'views-disagreed')).toHaveLength(0);

    handle.setAll({ nodes: R.NODES_HEALTHY });
    const e = await waitFor(() => events.find((x) => x.type === 'views-disagreed'), 'the episode event');
    expect(monitor.snapshot()!.disagreement).toBeUndefined();
    expect(e).toMatchObject({ startedAt: d.since, slots: [[7000, 7000]] });
    expect(e.type === 'views-disagreed' && e.nodes).toHaveLength(6);
    await sleep(40);
    expect(events.filter((x) => x.type === 'views-disagreed')).toHaveLength(1);
  });

  it('stop() ends polling and reports stopped', async () => {
    const { handle, monitor, statuses } = setup();
    handle.setAll({ nodes: R.NODES_HEALTHY });
    monitor.start();
    await waitFor(() => statuses.some((s) => s.state === 'ok'), 'ok');
    await monitor.stop();
    const n = handle.calls.length;
    await sleep(60);
    expect(handle.calls.length).toBe(n);
    expect(statuses.at(-1)).toEqual({ state: 'stopped' });
  });
});
