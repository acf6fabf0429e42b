import {
  type Channel,
  type IpcResult,
  type RequestOf,
  type ResponseOf,
  type SlotlineBridge,
} from '../../shared/ipc/contract';
import {
  initialState,
  LIMITS,
  pruneMoved,
  unknownQueues,
  withBulk,
  withConnection,
  withDepth,
  withDepthHistory,
  withEvents,
  withSnapshot,
  type LiveState,
} from './live-state';

/**
 * The console's live model: subscribes once to every pushed event and keeps bounded buffers, so any
 * view opened later still sees the last hour of depth and history. It never polls: after the first
 * `invoke`s it only fetches again when an event says something changed (reconnect, a new queue).
 */
export interface LiveStore {
  getState(): LiveState;
  subscribe(listener: () => void): () => void;
  start(): void;
  stop(): void;
  refreshQueues(): Promise<void>;
  refreshSnapshot(): Promise<void>;
  /**
   * Fetches a queue's recorded depth for the last `windowMs` (default the hour main keeps), merging
   * it under the live samples; again only when asked for a window reaching further back.
   */
  loadDepthHistory(queue: string, windowMs?: number): Promise<void>;
}

export function createLiveStore(bridge: SlotlineBridge, now: () => number = Date.now): LiveStore {
  let state = initialState;
  const listeners = new Set<() => void>();
  let unsubscribers: (() => void)[] = [];
  let pruneTimer: ReturnType<typeof setTimeout> | undefined;
  let queuesInFlight = false;
  /** Per queue, the earliest time recorded depth was asked from. */
  const historySince = new Map<string, number>();

  const set = (next: LiveState) => {
    if (next === state) return;
    const hadMoves = next.moved.length > 0 && next.moved !== state.moved;
    state = next;
    listeners.forEach((l) => l());
    // A UI timer that only clears the highlight; it never talks to Redis.
    if (hadMoves) {
      clearTimeout(pruneTimer);
      pruneTimer = setTimeout(() => set({ ...state, moved: pruneMoved(state.moved, now()) }), LIMITS.highlightMs + 50);
    }
  };
  const fetch = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C> | undefined> => {
    const result: IpcResult<ResponseOf<C>> = await bridge.invoke(channel, request).catch((e: unknown) => ({
      ok: false as const,
      error: { code: 'bridge', message: String(e) },
    }));
    return result.ok ? result.data : undefined;
  };

  const store: LiveStore = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async refreshQueues() {
      if (queuesInFlight) return;
      queuesInFlight = true;
      const queues = await fetch('queue:list', {});
      queuesInFlight = false;
      set({ ...state, queues: queues ?? state.queues ?? [] });
    },
    async refreshSnapshot() {
      const snapshot = await fetch('topology:snapshot', {});
      set(withSnapshot(state, snapshot ?? null, now()));
    },
    async loadDepthHistory(queue, windowMs = LIMITS.depthHistoryMs) {
      const sinceMs = now() - Math.min(windowMs, LIMITS.depthHistoryMs);
      if ((historySince.get(queue) ?? Infinity) <= sinceMs) return;
      historySince.set(queue, sinceMs);
      const samples = await fetch('metrics:depth', { queue, sinceMs });
      if (samples?.length) set(withDepthHistory(state, queue, samples));
    },
    start() {
      unsubscribers = [
        bridge.on('topology:changed', (s) => set(withSnapshot(state, s, now()))),
        bridge.on('topology:event', (e) => set(withEvents(state, [e], now(), true))),
        bridge.on('queue:depth', (samples) => {
          const refetch = unknownQueues(state, samples);
          set(withDepth(state, samples));
          if (refetch) void store.refreshQueues();
        }),
        bridge.on('task:bulk-progress', (p) => set(withBulk(state, p))),
        bridge.on('connection:state', (c) => {
          const recovered = c.state === 'ready' && state.connection?.state !== 'ready';
          set(withConnection(state, c, now()));
          if (recovered) void Promise.all([store.refreshSnapshot(), store.refreshQueues()]);
        }),
      ];
      void fetch('app:info', {}).then((appInfo) => appInfo && set({ ...state, appInfo }));
      void fetch('connection:current', {}).then((c) => c && !state.connection && set(withConnection(state, c, now())));
      void fetch('topology:history', { limit: LIMITS.events }).then(
        (events) => events && set(withEvents(state, events, now())),
      );
      void store.refreshSnapshot();
      void store.refreshQueues();
    },
    stop() {
      unsubscribers.forEach((u) => u());
      unsubscribers = [];
      clearTimeout(pruneTimer);
    },
  };
  return store;
}
