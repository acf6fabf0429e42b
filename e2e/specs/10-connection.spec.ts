import os from 'node:os';
import path from 'node:path';
import { findFreePortRange } from '../../src-main/harness/free-port';
import { startLocalRedis } from '../../src-main/harness/local-single';
import { expect, test } from '../fixtures';

test('the connection screen gives a clear error for a wrong password and for an unreachable node', async ({
  console: c,
}) => {
  const guarded = await startLocalRedis({
    dir: path.join(os.tmpdir(), `slotline-e2e-auth-${Date.now()}`),
    password: 'the-right-one',
  });
  try {
    await c.open('connection');
    await c.id('conn-mode-single').click();
    await c.id('conn-url').fill(guarded.url);
    await c.id('conn-password').fill('a-wrong-one');
    await c.id('conn-test').click();
    await expect(c.id('conn-error')).toHaveAttribute('data-code', 'auth-failed');
    await expect(c.id('conn-error')).toContainText(/authentication to .* failed/);
    await expect(c.id('conn-error')).not.toContainText('a-wrong-one');
    await c.shot('10-wrong-password');

    const free = await findFreePortRange(1);
    await c.id('conn-mode-cluster').click();
    await c.id('conn-nodes').fill(`127.0.0.1:${free}`);
    await c.id('conn-test').click();
    await expect(c.id('conn-error')).toHaveAttribute('data-code', /unreachable|timeout/);
    await expect(c.id('conn-error')).toContainText(`127.0.0.1:${free}`);
    await c.shot('10-unreachable');
  } finally {
    await guarded.stop();
  }
});
