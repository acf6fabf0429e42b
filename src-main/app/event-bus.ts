import type { EventName, EventPayload } from '../../shared/ipc/contract';
import { createLogger } from '../log/create-logger';

const log = createLogger('event-bus');

export type BusListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * The one stream of pushed events (`topology:changed`, `queue:depth`, …) that transports subscribe
 * to: the Electron adapter forwards it to the window, `serve` to every WebSocket.
 */
export class EventBus {
  private readonly listeners = new Set<BusListener>();

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(event, payload);
      } catch (e) {
        // One broken transport must not starve the others.
        log.error(`listener for ${event} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
