import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalCluster } from '../harness/local-cluster';
import { nodeCommand } from '../harness/redis-cli';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = path.join(os.tmpdir(), `slotline-test-cluster-${process.pid}-${Date.now()}`);
  const cluster = await startLocalCluster({ dir, masters: 3, replicasPerMaster: 1 });
  for (const p of cluster.ports) await nodeCommand(p, 'CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
  const pids = cluster.state.nodes.map((n) => `${n.port}(pid ${n.pid})`).join(' ');
  process.stdout.write(`[redis-cluster] started ${cluster.state.nodes.length} redis-server processes: ${pids}\n`);
  project.provide('redisTarget', {
    mode: 'cluster',
    settings: cluster.settings,
    ports: cluster.ports,
    dir,
  });
  return async () => {
    await cluster.stop();
    process.stdout.write(`[redis-cluster] stopped ports ${cluster.ports.join(',')}\n`);
  };
}
