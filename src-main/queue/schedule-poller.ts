import type { Queue } from './queue';

/** Least pause between schedule polls; each pause adds up to as much again at random. */
const SCHEDULE_POLL_MS = 250;

/**
 * Fires a queue's due schedules for a worker: one call per partition every 250–500 ms (jittered,
 * so several workers do not poll in step). Any number of workers may poll: the fire script's
 * compare-and-set makes one of them fire each tick.
 */
export function pollSchedules(
  queue: Queue,
  hooks: {
    isRunning(): boolean;
    /** A schedule fired here: its id and the task it enqueued. */
    fired(scheduleId: string, taskId: string): void;
    report(e: unknown): void;
    /** Keeps the pending timer, so the worker can clear it when it stops. */
    setTimer(t: NodeJS.Timeout): void;
  },
): void {
  const tick = () => {
    if (!hooks.isRunning()) return;
    void Promise.all(queue.allPartitions.map((p) => queue.schedules.pollPartition(p)))
      .then((rounds) => {
        for (const r of rounds.flat()) if (r.code === 1) hooks.fired(r.id, r.taskId);
      })
      .catch((e) => hooks.report(e))
      .finally(() => {
        if (hooks.isRunning()) hooks.setTimer(setTimeout(tick, SCHEDULE_POLL_MS + Math.random() * SCHEDULE_POLL_MS));
      });
  };
  hooks.setTimer(setTimeout(tick, Math.random() * SCHEDULE_POLL_MS));
}
