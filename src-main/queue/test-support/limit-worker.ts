/**
 * A worker in a process of its own for the limits test: the parent kills it with SIGKILL to
 * show that a crashed worker's share of the concurrency cap comes back when its leases expire.
 * It reports each start to its parent over IPC.
 */
import type { ConnectionSettings } from '../../../shared/settings/connection-settings';

export interface LimitWorkerConfig {
  settings: ConnectionSettings;
  queue: string;
  handlerMs: number;
  worker: { concurrency: number; leaseMs: number; stalledIntervalMs: number };
}

export type LimitWorkerMessage = { type: 'ready' } | { type: 'ran'; id: string } | { type: 'error'; message: string };

const cfg = JSON.parse(process.env.SLOTLINE_LIMIT_WORKER ?? 'null') as LimitWorkerConfig | null;
if (!cfg) throw new Error('SLOTLINE_LIMIT_WORKER is not set: this file is started by the limits test');
const send = (m: LimitWorkerMessage) => process.send?.(m);

const { setTimeout: sleep } = await import('node:timers/promises');
const { createConnection } = await import('../../redis/create-connection');
const { Queue } = await import('../queue');
const { Worker } = await import('../worker');

const handle = await createConnection(cfg.settings);
const q = await Queue.open(handle, cfg.queue, { mustExist: true });
const w = new Worker(
  q,
  async (t) => {
    send({ type: 'ran', id: t.id });
    await sleep(cfg.handlerMs, undefined, { signal: t.signal }).catch(() => undefined);
  },
  { ...cfg.worker, blockTimeoutMs: 200 },
);
w.on('error', (e: Error) => send({ type: 'error', message: e.message }));
w.start();
send({ type: 'ready' });
