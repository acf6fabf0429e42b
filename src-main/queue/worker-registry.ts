import type { WorkerInfo } from '../../shared/types/queue';
import type { RedisHandle } from '../redis/handle';
import { WORKERS_KEY } from './keys';

/**
 * Live workers from their heartbeat entries (no CLIENT LIST, which cannot see a whole cluster).
 * A worker is live when its heartbeat is younger than `staleMs`; entries older than an hour are
 * removed as a side effect.
 */
export async function listWorkers(handle: RedisHandle, queue?: string, staleMs = 15000): Promise<WorkerInfo[]> {
  const flat = (await handle.call('HGETALL', WORKERS_KEY)) as string[];
  const now = Date.now();
  const live: WorkerInfo[] = [];
  const dead: string[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    let w: WorkerInfo;
    try {
      w = JSON.parse(flat[i + 1]!) as WorkerInfo;
    } catch {
      dead.push(flat[i]!);
      continue;
    }
    if (now - w.lastSeen > 3_600_000) dead.push(flat[i]!);
    else if (now - w.lastSeen <= staleMs && (queue === undefined || w.queue === queue)) live.push(w);
  }
  if (dead.length > 0) await handle.call('HDEL', WORKERS_KEY, ...dead);
  return live.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Live workers per queue, by the same rule as listWorkers (heartbeat younger than `staleMs`), in
 * one HGETALL and without removing old entries: the depth sampler calls it every tick and must not
 * write (the exporter runs it too). Queues without a live worker are absent from the map.
 */
export async function countLiveWorkers(handle: RedisHandle, staleMs = 15000): Promise<Map<string, number>> {
  const flat = (await handle.call('HGETALL', WORKERS_KEY)) as string[];
  const now = Date.now();
  const byQueue = new Map<string, number>();
  for (let i = 1; i < flat.length; i += 2) {
    let w: Partial<WorkerInfo>;
    try {
      w = JSON.parse(flat[i]!) as Partial<WorkerInfo>;
    } catch {
      continue;
    }
    if (typeof w.queue !== 'string' || typeof w.lastSeen !== 'number' || now - w.lastSeen > staleMs) continue;
    byQueue.set(w.queue, (byQueue.get(w.queue) ?? 0) + 1);
  }
  return byQueue;
}
