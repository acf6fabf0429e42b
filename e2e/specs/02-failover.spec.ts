import { expect, nodeId, test } from '../fixtures';

/**
 * Kill a master through the harness: the timeline shows the promotion with the right nodes within
 * node-timeout + 3 s, the slot map re-colours the range to the new master, the topology shows the
 * old master failed, and the depth chart keeps updating. Then restart it: it rejoins as a replica.
 */
test.describe.configure({ mode: 'serial' });

let killedPort = 0;
let killedId = '';
let heirId = '';

test('a killed master: promotion on the timeline, slot map re-coloured, old master failed, depth chart live', async ({
  console: c,
  cluster,
  redis,
}) => {
  const status = await cluster.status();
  const master = status.find((s) => s.role === 'master' && s.alive)!;
  const heir = status.find((s) => s.role === 'replica' && s.masterPort === master.port)!;
  killedPort = master.port;
  killedId = await nodeId(master.port);
  heirId = await nodeId(heir.port);
  const slots = (await redis.cluster('SLOTS')) as unknown as Array<[number, number, [string, number]]>;
  const slot = slots.find((r) => r[2][1] === master.port)![0];

  await c.open('slots');
  await expect.poll(() => c.ownerOfSlot(slot)).toBe(killedId);
  await c.open('queues');
  const pointsBefore = Number(await c.id('queue-depth-chart').getAttribute('data-points'));
  await c.open('timeline');

  await cluster.kill(master.port);
  const killedAt = Date.now();
  const row = c
    .id('timeline-row')
    .filter({ hasText: `127.0.0.1:${heir.port}` })
    .and(c.page.locator('[data-type="replica-promoted"]'));
  // node-timeout (2 s) + 3 s, plus 1 s for a loaded 2-core machine; the figure is printed below.
  await expect(row).toBeVisible({ timeout: 2000 + 3000 + 1000 });
  const seenAfterMs = Date.now() - killedAt;
  await expect(row).toContainText(`127.0.0.1:${master.port}`);
  test.info().annotations.push({ type: 'promotion seen in the UI after kill (ms)', description: String(seenAfterMs) });
  process.stdout.write(`[e2e] replica-promoted shown ${seenAfterMs} ms after the kill\n`);
  await c.shot('02-timeline-after-kill');

  await c.open('slots');
  await expect.poll(() => c.ownerOfSlot(slot)).toBe(heirId);
  await c.shot('02-slots-after-kill');

  await c.open('topology');
  await expect(c.node(killedId)).toHaveAttribute('data-health', 'fail');
  await expect(c.node(heirId)).toHaveAttribute('data-role', 'master');
  await c.shot('02-topology-after-kill');

  await c.open('queues');
  await expect
    .poll(async () => Number(await c.id('queue-depth-chart').getAttribute('data-points')), { timeout: 10_000 })
    .toBeGreaterThan(pointsBefore + 2);
  await expect(c.id('queue-depth-chart')).not.toHaveAttribute('data-markers', '0');
  await c.shot('02-queues-after-kill');
});

test('the restarted node rejoins as a replica', async ({ console: c, cluster }) => {
  expect(killedPort).toBeGreaterThan(0);
  await cluster.restart(killedPort);
  await c.open('topology');
  await expect(c.node(killedId)).toHaveAttribute('data-role', 'replica', { timeout: 30_000 });
  await expect(c.node(killedId)).toHaveAttribute('data-health', 'online', { timeout: 30_000 });
  await c.open('timeline');
  await expect(
    c.page.locator('[data-testid="timeline-row"][data-type="node-rejoined-as-replica"]').first(),
  ).toBeVisible({ timeout: 30_000 });
  await c.shot('03-rejoined');
  await cluster.waitReady();
});
