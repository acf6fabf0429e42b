/**
 * A worker in a process of its own whose `Date.now()` runs `skewMs` off the real clock, for the
 * clock-skew test: the skew is real for everything in this process (the queue engine included),
 * as it would be on a worker host with a wrong clock. It reports to its parent over IPC, with
 * real (unskewed) times, and stops when the parent sends 'stop'.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectionSettings } from '../../../shared/settings/connection-settings';

export interface SkewedWorkerConfig {
  settings: ConnectionSettings;
  queue: string;
  skewMs: number;
  name: string;
  handlerMs: number;
  worker: { concurrency: number; leaseMs: number; stalledIntervalMs: number; maxStalls: number };
}

/** Messages the child sends to its parent. */
export type SkewedWorkerMessage =
  | { type: 'ready'; name: string; skewedNow: number; realNow: number }
  | { type: 'ran'; name: string; id: string; attempt: number; at: number }
  | { type: 'lease-lost'; name: string; id: string }
  | { type: 'stalled'; name: string; requeued: number; failed: number }
  | { type: 'error'; name: string; message: string }
  | { type: 'stopped'; name: string };

const cfg = JSON.parse(process.env.SLOTLINE_SKEWED_WORKER ?? 'null') as SkewedWorkerConfig | null;
if (!cfg) throw new Error('SLOTLINE_SKEWED_WORKER is not set: this file is started by the clock-skew test');

const realNow = Date.now.bind(Date);
const trueNow = () => performance.timeOrigin + performance.now();
// Before any engine module loads, so nothing caches the real clock.
Date.now = () => realNow() + cfg.skewMs;

const send = (m: SkewedWorkerMessage) => process.send?.(m);

const { createConnection } = await import('../../redis/create-connection');
const { Queue } = await import('../queue');
const { Worker } = await import('../worker');

const handle = await createConnection(cfg.settings);
const q = await Queue.open(handle, cfg.queue, { mustExist: true });
const w = new Worker(
  q,
  async (t) => {
    send({ type: 'ran', name: cfg.name, id: t.id, attempt: t.attempt, at: trueNow() });
    await sleep(cfg.handlerMs);
    if ((t.payload as { failFirst?: boolean } | null)?.failFirst && t.attempt === 1)
      throw new Error('first attempt fails');
  },
  { ...cfg.worker, id: cfg.name, blockTimeoutMs: 200 },
);
w.on('lease-lost', (id: string) => send({ type: 'lease-lost', name: cfg.name, id }));
w.on('stalled', (s: { requeued: number; failed: number }) => send({ type: 'stalled', name: cfg.name, ...s }));
w.on('error', (e: Error) => send({ type: 'error', name: cfg.name, message: e.message }));
process.on('message', (m) => {
  if (m !== 'stop') return;
  void (async () => {
    await w.stop(5000);
    await handle.close();
    send({ type: 'stopped', name: cfg.name });
    process.disconnect?.();
    process.exit(0);
  })();
});
w.start();
send({ type: 'ready', name: cfg.name, skewedNow: Date.now(), realNow: trueNow() });
