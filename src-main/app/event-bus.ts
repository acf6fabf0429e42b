import type { EventMessage, EventName, EventPayload } from '../../shared/ipc/contract';
import { createLogger } from '../log/create-logger';

const log = createLogger('event-bus');

/** A subscriber to every event; `event` narrows `payload` (EventMessage is a discriminated union). */
export type BusListener = (...message: EventMessage) => void;

/**
 * The one stream of pushed events (`topology:changed`, `queue:depth`, …) that transports subscribe
 * to: the Electron adapter forwards it to the window, `serve` to every WebSocket, metrics count it.
 */
export class EventBus {
  private readonly listeners = new Set<BusListener>();

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    // A generic E cannot be matched to one member of the union by the compiler; it is one.
    const message = [event, payload] as EventMessage;
    for (const l of this.listeners) {
      try {
        l(...message);
      } catch (e) {
        // One broken transport must not starve the others.
        log.error(`listener for ${event} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
