import { queueHistory } from './history-fixtures';
import {
  MUTATING_CHANNELS,
  type Channel,
  type EventName,
  type EventPayload,
  type IpcResult,
  type RequestOf,
  type ResponseOf,
  type SlotlineBridge,
} from '../../shared/ipc/contract';
import { appInfo, limitStatus, queuePartitions, readyConnection, snapshot3x3 } from './fixtures';

type Handler<C extends Channel> = (
  request: RequestOf<C>,
) => ResponseOf<C> | IpcResult<ResponseOf<C>> | Promise<IpcResult<ResponseOf<C>>>;
export type FakeHandlers = { [C in Channel]?: Handler<C> };

/** An in-memory SlotlineBridge for component tests: canned responses, recorded calls, pushed events. */
export interface FakeBridge extends SlotlineBridge {
  calls: { channel: Channel; request: unknown }[];
  callsTo<C extends Channel>(channel: C): RequestOf<C>[];
  handle<C extends Channel>(channel: C, handler: Handler<C>): void;
  /** Pushes an event to every listener (wrap in `act` from a test, or use `push` in render.tsx). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(event: EventName): number;
}

function isEnvelope(value: unknown): value is IpcResult<unknown> {
  return (
    typeof value === 'object' && value !== null && 'ok' in value && typeof (value as { ok: unknown }).ok === 'boolean'
  );
}

/**
 * Defaults: a ready 3+3 cluster, no queues, no history, no schedules, no limits, three even
 * partitions per queue. `readOnly` refuses mutating channels.
 */
export function createFakeBridge(handlers: FakeHandlers = {}, options: { readOnly?: boolean } = {}): FakeBridge {
  const table: Record<string, Handler<Channel>> = {
    'app:info': () => appInfo(options.readOnly ?? false),
    'connection:current': () => readyConnection(),
    'connection:profiles': () => [],
    'topology:snapshot': () => snapshot3x3(),
    'topology:history': () => [],
    'queue:list': () => [],
    'queue:workers': () => [],
    'metrics:depth': () => [],
    'audit:list': () => ({ entries: [], nextBefore: null }),
    'payload:check': () => ({ errors: [] }),
    'payload:schema': () => ({ schema: null }),
    'schedules:list': () => [],
    'limits:get': (r) => limitStatus((r as { queue: string }).queue),
    'queue:partitions': (r) => queuePartitions((r as { queue: string }).queue),
    'alerts:active': () => [],
    'alerts:rules': () => [],
    'alerts:history': () => [],
    'queue:history': (r) => queueHistory((r as { queue: string }).queue, (r as { range: '1h' | '24h' | '7d' }).range),
    ...(handlers as Record<string, Handler<Channel>>),
  };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: { channel: Channel; request: unknown }[] = [];

  return {
    calls,
    callsTo: <C extends Channel>(channel: C) =>
      calls.filter((c) => c.channel === channel).map((c) => c.request as RequestOf<C>),
    handle: (channel, handler) => {
      table[channel] = handler as Handler<Channel>;
    },
    async invoke(channel, request) {
      calls.push({ channel, request });
      if (options.readOnly && MUTATING_CHANNELS.includes(channel)) {
        return { ok: false, error: { code: 'read-only', message: 'The console is read-only.' } };
      }
      const handler = table[channel];
      if (!handler) return { ok: false, error: { code: 'not-implemented', message: `fake has no ${channel}` } };
      const value = await handler(request as never);
      return (isEnvelope(value) ? value : { ok: true, data: value }) as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    emit(event, payload) {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
}
