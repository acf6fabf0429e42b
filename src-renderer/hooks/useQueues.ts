import type { QueueSummary } from '../../shared/types/queue';
import { useLiveStore } from '../api/ApiContext';
import { useLive } from './useLive';

/** Queue summaries (null until the first answer), kept current by `queue:depth`; `refresh` after an action. */
export function useQueues(): { queues: QueueSummary[] | null; refresh: () => Promise<void> } {
  const store = useLiveStore();
  return { queues: useLive((s) => s.queues), refresh: store.refreshQueues };
}
