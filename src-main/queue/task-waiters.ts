import type { Task } from '../../shared/types/queue';
import { TaskNotFoundError, WaitTimeoutError } from './errors';
import type { Partition, Queue } from './queue';

/** How often the shared poller reads the states of every pending wait. */
const POLL_MS = 100;
/** Ids per states-7 call. */
const POLL_CHUNK = 500;
/** State indexes (TASK_STATES order, 1-based) that end a wait: completed, failed, cancelled. */
const FINAL = new Set([4, 5, 6]);

interface Wait {
  id: string;
  partition: Partition;
  resolve: (t: Task) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
  done: boolean;
}

/**
 * Every waitFor of one Queue, served by one poller on the queue's ordinary connection: no wait
 * costs a connection (or a subscription) of its own. Each round reads the state of every
 * pending task from its record's sets, one script call per partition per 500 ids; a final state
 * fetches the task and resolves its waits. Reading the record, not listening for events, is what
 * makes it lossless: a task that finished before the call, during a failover or while the
 * connection was down is seen on the next round that gets through (a failed round is simply
 * retried on the next tick).
 */
export class TaskWaiters {
  private readonly waits = new Map<string, Wait[]>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly queue: Queue) {}

  /** Waits pending now (for tests and metrics). */
  get pending(): number {
    let n = 0;
    for (const list of this.waits.values()) n += list.length;
    return n;
  }

  /** Resolves with the task once it is final; the caller has checked that it exists. */
  wait(id: string, partition: Partition, timeoutMs: number): Promise<Task> {
    return new Promise<Task>((resolve, reject) => {
      const w: Wait = {
        id,
        partition,
        resolve,
        reject,
        done: false,
        timer: setTimeout(() => {
          this.settle(w, null, new WaitTimeoutError(id, timeoutMs));
        }, timeoutMs),
      };
      const key = `${partition.index}:${id}`;
      const list = this.waits.get(key);
      if (list) list.push(w);
      else this.waits.set(key, [w]);
      this.arm(0);
    });
  }

  private settle(w: Wait, task: Task | null, error?: unknown): void {
    if (w.done) return;
    w.done = true;
    clearTimeout(w.timer);
    const key = `${w.partition.index}:${w.id}`;
    const list = this.waits.get(key)?.filter((x) => x !== w) ?? [];
    if (list.length > 0) this.waits.set(key, list);
    else this.waits.delete(key);
    if (task) w.resolve(task);
    else w.reject(error);
  }

  private arm(delay: number): void {
    if (this.timer || this.polling || this.waits.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, delay);
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      const byPartition = new Map<Partition, string[]>();
      for (const list of this.waits.values()) {
        const p = list[0]!.partition;
        const ids = byPartition.get(p);
        if (ids) ids.push(list[0]!.id);
        else byPartition.set(p, [list[0]!.id]);
      }
      await Promise.all(
        [...byPartition].map(async ([p, ids]) => {
          for (let i = 0; i < ids.length; i += POLL_CHUNK) {
            const chunk = ids.slice(i, i + POLL_CHUNK);
            let states: number[];
            try {
              states = await this.queue.scripts.states(p, chunk);
            } catch {
              // A failover or a dropped connection: the next round reads the records again.
              return;
            }
            await Promise.all(chunk.map((id, j) => this.check(p, id, states[j]!)));
          }
        }),
      );
    } finally {
      this.polling = false;
      this.arm(POLL_MS);
    }
  }

  private async check(p: Partition, id: string, state: number): Promise<void> {
    const list = this.waits.get(`${p.index}:${id}`);
    if (!list) return;
    if (state === -1) {
      for (const w of [...list])
        this.settle(w, null, new TaskNotFoundError(id, this.queue.name, 'it was removed while waited for'));
      return;
    }
    if (!FINAL.has(state)) return;
    let task: Task | null;
    try {
      task = await this.queue.getOn(p, id);
    } catch {
      return;
    }
    if (!task || !['completed', 'failed', 'cancelled'].includes(task.state)) return;
    for (const w of [...list]) this.settle(w, task);
  }
}
