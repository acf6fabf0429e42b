import { listTasks } from '../queue/queue-admin';
import type { Queue } from '../queue/queue';
import type { FinalState } from './reconcile';

/**
 * Looks up each id's state with `q.get`, `parallel` at a time, at most `cap` ids (the rest stay
 * unchecked and the reconciliation says so). A lookup that fails is retried once.
 */
export async function lookUpStates(
  q: Queue,
  ids: string[],
  o: { cap?: number; parallel?: number } = {},
): Promise<Map<string, FinalState>> {
  const out = new Map<string, FinalState>();
  const todo = ids.slice(0, o.cap ?? 50000);
  const parallel = o.parallel ?? 50;
  for (let i = 0; i < todo.length; i += parallel) {
    await Promise.all(
      todo.slice(i, i + parallel).map(async (id) => {
        for (let attempt = 0; attempt < 2; attempt++) {
          try {
            const t = await q.get(id);
            out.set(id, t ? t.state : 'missing');
            return;
          } catch {
            /* retried once, then left unchecked */
          }
        }
      }),
    );
  }
  return out;
}

/** Every task Redis still lists as waiting, delayed or active (up to `cap` per state). */
export async function listUnfinished(q: Queue, cap = 5000): Promise<Map<string, FinalState>> {
  const out = new Map<string, FinalState>();
  for (const state of ['waiting', 'delayed', 'active'] as const) {
    let cursor: string | undefined;
    for (let seen = 0; seen < cap;) {
      const page = await listTasks(q, state, { cursor, limit: 500 });
      for (const t of page.tasks) out.set(t.id, state);
      seen += page.tasks.length;
      if (!page.nextCursor || page.tasks.length === 0) break;
      cursor = page.nextCursor;
    }
  }
  return out;
}
