import { expect, test } from '../fixtures';

test('the overview shows 3 masters, 3 replicas and cluster_state ok; the slot map covers 16384 slots in 3 colours', async ({
  console: c,
}) => {
  await c.open('overview');
  await expect(c.statValue('overview-masters')).toHaveText('3 / 0');
  await expect(c.statValue('overview-replicas')).toHaveText('3 / 0');
  await expect(c.statValue('overview-cluster-state')).toHaveText('ok');
  await c.shot('01-overview');
  await c.open('slots');
  await expect(c.slotMap()).toHaveAttribute('data-covered', '16384');
  await expect(c.slotMap()).toHaveAttribute('data-colors', '3');
  await c.shot('01-slots');
});
