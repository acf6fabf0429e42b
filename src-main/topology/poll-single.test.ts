import { describe, expect, it } from 'vitest';
import type { RedisHandle } from '../redis/handle';
import * as R from './fixtures/captured-replies';
import { TopologyMonitor } from './topology-monitor';

describe('single-server polling', () => {
  it("asks the server at the handle's structured endpoint (IPv6 too), not one parsed from its description", async () => {
    const asked: string[] = [];
    const handle = {
      kind: 'single',
      description: 'single redis://[::1]:7000 as someone (TLS)',
      endpoints: [{ host: '::1', port: 7000 }],
      node: (host: string, port: number) => ({
        address: `${host}:${port}`,
        call: async () => {
          asked.push(`${host} ${port}`);
          return R.INFO_SINGLE_MASTER;
        },
      }),
      retainNodes: () => undefined,
    } as unknown as RedisHandle;
    const monitor = new TopologyMonitor(handle, { intervalMs: 5 });
    monitor.start();
    for (let i = 0; i < 200 && !monitor.snapshot(); i++) await new Promise((r) => setImmediate(r));
    await monitor.stop();
    expect(asked[0]).toBe('::1 7000');
    expect(monitor.snapshot()?.shards[0]?.master.address).toBe('[::1]:7000');
  });
});
