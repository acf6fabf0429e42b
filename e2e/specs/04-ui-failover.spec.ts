import { expect, nodeId, test } from '../fixtures';

test('failing over to a chosen replica from the topology view swaps the roles', async ({ console: c, cluster }) => {
  await cluster.waitReady();
  const status = await cluster.status();
  const replica = status.find((s) => s.role === 'replica' && s.alive && s.linkStatus === 'up')!;
  const replicaId = await nodeId(replica.port);
  const masterId = await nodeId(replica.masterPort!);
  await c.open('topology');
  await expect(c.node(replicaId)).toHaveAttribute('data-role', 'replica');
  await c.id(`failover-${replicaId}`).click();
  await c.confirm(/CLUSTER FAILOVER/);
  await expect(c.node(replicaId)).toHaveAttribute('data-role', 'master', { timeout: 20_000 });
  await expect(c.node(masterId)).toHaveAttribute('data-role', 'replica', { timeout: 20_000 });
  await c.shot('04-ui-failover');
  await cluster.waitReady();
});
