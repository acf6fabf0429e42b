import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { redisTarget } from '../testing/redis-target';
import { probeIptables } from './partition-injector';
import { runPartitionDrill } from './run-partition-drill';

const target = redisTarget();
const probe = probeIptables(() => undefined);
if (!probe.usable) process.stdout.write(`partition drill test skipped: ${probe.reason}\n`);
else if (target.mode !== 'cluster')
  process.stdout.write(
    'partition drill test skipped in redis-single: it starts its own cluster, so it runs once, in redis-cluster\n',
  );

// Starts its own cluster on 127.0.0.11-16, so it runs once (in the cluster project).
describe.skipIf(target.mode !== 'cluster' || !probe.usable)(
  'partition drill, scenario 1 short (iptables, needs root and Redis)',
  () => {
    it('minority master with clients: no durable task lost, none stuck, and no Slotline rule left', async () => {
      const r = await runPartitionDrill({
        scenarios: ['minority-master'],
        withMinReplicas: false,
        rate: 150,
        concurrency: 10,
      });
      expect(r.skipped).toBeUndefined();
      const s = r.scenarios[0]!;
      expect(s.detectedMs, 'the split was never seen by the cluster').toBeGreaterThan(0);
      expect(s.wholeMs).toBeGreaterThanOrEqual(0);
      expect(s.reconciliation.enqueued.durable.acked).toBeGreaterThan(100);
      expect(s.reconciliation.lost.durable).toBe(0);
      expect(s.reconciliation.stuck.total).toBe(0);
      expect(s.problems).toEqual([]);
      expect(execFileSync('iptables', ['-w', '5', '-S'], { encoding: 'utf8' })).not.toContain('SLOTLINE');
    }, 120000);
  },
);
