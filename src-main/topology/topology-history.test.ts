import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TopologyEvent } from '../../shared/types/topology';
import { uniqueName } from '../testing/redis-target';
import { TopologyHistory } from './topology-history';

const dirs: string[] = [];
function tempDir(): string {
  const d = path.join(os.tmpdir(), uniqueName('sl-topo-history'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const promoted: TopologyEvent = {
  id: 'k-000001',
  at: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  type: 'replica-promoted',
  oldMasterId: 'old',
  oldMasterAddress: '127.0.0.1:7001',
  newMasterId: 'new',
  newMasterAddress: '127.0.0.1:7004',
  slots: [
    [5461, 10922],
    [12, 12],
  ],
  epoch: 7,
  durationMs: 3200,
};
const failed = (i: number): TopologyEvent => ({
  id: `f-${String(i).padStart(6, '0')}`,
  at: 1000 + i,
  type: 'node-failed',
  nodeId: 'n',
  address: '127.0.0.1:7001',
  role: 'master',
});

describe('TopologyHistory', () => {
  it('persists events as JSONL and loads them after a restart', async () => {
    const dir = tempDir();
    const h = await TopologyHistory.open({ dir });
    await h.append(failed(1));
    await h.append(promoted);
    const lines = fs.readFileSync(h.file, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(['f-000001', 'k-000001']);
    const again = await TopologyHistory.open({ dir });
    expect(again.list()).toEqual([failed(1), promoted]);
    expect(again.list(1)).toEqual([promoted]);
    expect(again.skippedLines).toBe(0);
  });

  it('skips and counts corrupt lines, keeping the last N valid ones', async () => {
    const dir = tempDir();
    fs.mkdirSync(dir, { recursive: true });
    const text =
      [failed(1), failed(2), failed(3)].map((e) => JSON.stringify(e)).join('\n') +
      '\n{"truncat\n{"id":"x","type":"nope"}\n' +
      JSON.stringify(failed(4)) +
      '\n';
    fs.writeFileSync(path.join(dir, 'topology-events.jsonl'), text);
    const h = await TopologyHistory.open({ dir, limit: 3 });
    expect(h.skippedLines).toBe(2);
    expect(h.list().map((e) => e.id)).toEqual(['f-000002', 'f-000003', 'f-000004']);
  });

  it('stays bounded in memory and compacts the file', async () => {
    const dir = tempDir();
    const h = await TopologyHistory.open({ dir, limit: 5 });
    for (let i = 1; i <= 12; i++) void h.append(failed(i));
    await h.flush();
    expect(h.list().map((e) => e.at)).toEqual([1008, 1009, 1010, 1011, 1012]);
    const onDisk = fs.readFileSync(h.file, 'utf8').trim().split('\n');
    expect(onDisk.length).toBeLessThan(10);
    expect((await TopologyHistory.open({ dir, limit: 5 })).list()).toEqual(h.list());
  });

  it("two histories on one file (serve and exporter, one data dir) keep each other's lines through compaction", async () => {
    const dir = tempDir();
    const serve = await TopologyHistory.open({ dir, limit: 4 });
    const exporter = await TopologyHistory.open({ dir, limit: 4 });
    const order: string[] = [];
    // Alternate, so each one's compaction happens while the other's newest lines are in the file.
    for (let i = 1; i <= 10; i++) {
      await serve.append({ ...failed(i), id: `serve-${i}` });
      order.push(`serve-${i}`);
      await exporter.append({ ...failed(100 + i), id: `exporter-${i}` });
      order.push(`exporter-${i}`);
    }
    const lines = fs.readFileSync(serve.file, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(2 * 4 + 2); // compacted, not growing without bound
    const ids = lines.map((l) => (JSON.parse(l) as TopologyEvent).id);
    // Whatever was kept is the tail of what both wrote, in order, with both writers in it.
    expect(ids).toEqual(order.slice(-ids.length));
    expect(ids.some((id) => id.startsWith('serve-')) && ids.some((id) => id.startsWith('exporter-'))).toBe(true);
    const reopened = await TopologyHistory.open({ dir, limit: 4 });
    expect(reopened.list().map((e) => e.id)).toEqual(order.slice(-4));
    expect(fs.existsSync(`${serve.file}.lock`)).toBe(false);
  });

  it('two histories appending at once lose no line', async () => {
    const dir = tempDir();
    const a = await TopologyHistory.open({ dir, limit: 1000 });
    const b = await TopologyHistory.open({ dir, limit: 1000 });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => [
        a.append({ ...failed(i), id: `a-${i}` }),
        b.append({ ...failed(i), id: `b-${i}` }),
      ]).flat(),
    );
    const again = await TopologyHistory.open({ dir, limit: 1000 });
    expect(again.list()).toHaveLength(100);
    expect(new Set(again.list().map((e) => e.id)).size).toBe(100);
  });

  it('takes over a lock left by a process that died holding it', async () => {
    const dir = tempDir();
    const h = await TopologyHistory.open({ dir });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // exited: its PID is free
    fs.writeFileSync(`${h.file}.lock`, String(dead));
    const started = Date.now();
    await h.append(failed(1));
    expect(Date.now() - started).toBeLessThan(1000); // did not wait for the 2 s give-up
    expect((await TopologyHistory.open({ dir })).list()).toEqual([failed(1)]);
    expect(fs.existsSync(`${h.file}.lock`)).toBe(false);
  });

  it('exports JSON and CSV', async () => {
    const h = await TopologyHistory.open({ dir: tempDir() });
    await h.append(promoted);
    await h.append({ id: 'k-000002', at: 0, type: 'cluster-state-changed', from: 'ok', to: 'fail' });
    await h.append({
      id: 'k-000003',
      at: 0,
      type: 'node-rejoined-as-replica',
      nodeId: 'old',
      address: '127.0.0.1:7001',
      masterId: 'new',
      masterAddress: '127.0.0.1:7004',
    });
    await h.append({
      id: 'k-000004',
      at: 2500,
      type: 'views-disagreed',
      startedAt: 1000,
      durationMs: 1500,
      nodes: ['127.0.0.1:7000', '127.0.0.1:7001'],
      slots: [[7000, 7000]],
      views: [
        {
          nodes: ['127.0.0.1:7001'],
          claims: [{ ownerId: 'b', ownerAddress: '127.0.0.1:7001', slots: [[7000, 7000]] }],
        },
        { nodes: ['127.0.0.1:7000'], claims: [{ slots: [[7000, 7000]] }] },
      ],
    });
    await h.append({
      id: 'queue-rebalanced:emails:2',
      at: 3000,
      type: 'queue-rebalanced',
      queue: 'emails',
      generation: 2,
      previousGeneration: 1,
      partitionsBefore: 3,
      partitionsAfter: 6,
    });
    expect(JSON.parse(h.exportJson())).toEqual(h.list());
    expect(h.exportCsv().split('\r\n')).toEqual([
      'id,at,type,node,old,new,slots,durationMs',
      'k-000001,2026-01-02T03:04:05.678Z,replica-promoted,127.0.0.1:7004,127.0.0.1:7001,127.0.0.1:7004,5461-10922;12,3200',
      'k-000002,1970-01-01T00:00:00.000Z,cluster-state-changed,,ok,fail,,',
      'k-000003,1970-01-01T00:00:00.000Z,node-rejoined-as-replica,127.0.0.1:7001,,127.0.0.1:7004,,',
      'k-000004,1970-01-01T00:00:02.500Z,views-disagreed,127.0.0.1:7000 127.0.0.1:7001,,,7000,1500',
      'queue-rebalanced:emails:2,1970-01-01T00:00:03.000Z,queue-rebalanced,queue emails,"generation 1, 3 partitions","generation 2, 6 partitions",,',
      '',
    ]);
  });
});
