import { nodeCommand } from '../../src-main/harness/redis-cli';
import { expect, nodeId, test } from '../fixtures';

/**
 * A slot migration the console can watch: the spec drives it step by step as redis-cli --cluster
 * reshard does (SETSLOT IMPORTING on the target, MIGRATING on the source, MIGRATE its keys, then
 * SETSLOT NODE everywhere), holding the half-way state until the slot map shows it. The map
 * stripes the range with source → target, then colours it for the new owner once it lands, and
 * the timeline records the move with its duration. Afterwards the slot is moved back the same way.
 */
test.describe.configure({ mode: 'serial' });

/** Opens the migration of `slot` from the master on `from` to the master on `to`. */
async function open(slot: number, from: { port: number; id: string }, to: { port: number; id: string }) {
  await nodeCommand(to.port, 'CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', from.id);
  await nodeCommand(from.port, 'CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', to.id);
}

/** Moves the slot's keys (the demo may still write some), then gives the slot to `to` on every master. */
async function land(slot: number, from: { port: number }, to: { port: number; id: string }, masters: number[]) {
  for (let round = 0; round < 200; round++) {
    const keys = (await nodeCommand(from.port, 'CLUSTER', 'GETKEYSINSLOT', String(slot), '100'))
      .split('\n')
      .map((k) => k.trim())
      .filter(Boolean);
    if (keys.length === 0) break;
    await nodeCommand(from.port, 'MIGRATE', '127.0.0.1', String(to.port), '', '0', '5000', 'KEYS', ...keys);
  }
  await nodeCommand(to.port, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', to.id);
  await nodeCommand(from.port, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', to.id);
  for (const p of masters)
    if (p !== from.port && p !== to.port)
      await nodeCommand(p, 'CLUSTER', 'SETSLOT', String(slot), 'NODE', to.id).catch(() => undefined);
}

test('the slot map shows a range while it migrates (source → target), then its new owner; the timeline records it', async ({
  console: c,
  cluster,
}) => {
  const masters = (await cluster.status()).filter((s) => s.role === 'master' && s.alive && s.slots > 0);
  expect(masters.length).toBeGreaterThanOrEqual(2);
  const from = { port: masters[0]!.port, id: await nodeId(masters[0]!.port) };
  const to = { port: masters[1]!.port, id: await nodeId(masters[1]!.port) };
  const mine = (await nodeCommand(from.port, 'CLUSTER', 'NODES'))
    .split('\n')
    .find((l) => l.includes('myself'))!
    .split(' ')
    .slice(8)
    .find((f) => /^\d+-\d+$/.test(f))!;
  const slot = Number(mine.split('-')[0]) + 7;

  await c.open('slots');
  await expect.poll(() => c.ownerOfSlot(slot)).toBe(from.id);
  await expect(c.id('slot-migrating')).toHaveCount(0);

  const openedAt = Date.now();
  await open(slot, from, to);
  try {
    const stripe = c.id('slot-migrating');
    await expect(stripe).toHaveCount(1);
    await expect(stripe).toHaveAttribute('data-from', from.id);
    await expect(stripe).toHaveAttribute('data-to', to.id);
    await expect(c.id('slot-migration')).toHaveText(
      `Migrating slots ${slot}: 127.0.0.1:${from.port} → 127.0.0.1:${to.port}`,
    );
    expect(await c.ownerOfSlot(slot)).toBe(from.id);
    process.stdout.write(`[e2e] migrating slot ${slot} shown ${Date.now() - openedAt} ms after it opened\n`);
    await c.shot('12-slot-migrating');
  } finally {
    await land(
      slot,
      from,
      to,
      masters.map((m) => m.port),
    );
  }
  await expect.poll(() => c.ownerOfSlot(slot)).toBe(to.id);
  await expect(c.id('slot-migrating')).toHaveCount(0);
  await c.shot('12-slot-landed');

  await c.open('timeline');
  const row = c
    .id('timeline-row')
    .and(c.page.locator('[data-type="slots-moved"]'))
    .filter({ hasText: `127.0.0.1:${from.port} → 127.0.0.1:${to.port}` });
  await expect(row.first()).toContainText(`slots ${slot} moved`);
  await expect(row.first()).toContainText('migration took');

  // Give the slot back, so later specs see the layout the demo made.
  await open(slot, to, from);
  await land(
    slot,
    to,
    from,
    masters.map((m) => m.port),
  );
  await c.open('slots');
  await expect.poll(() => c.ownerOfSlot(slot)).toBe(from.id);
});
