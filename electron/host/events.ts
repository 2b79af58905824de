import type { EventName, HostEvents } from '../common/contract';

export type EventListener = <E extends EventName>(name: E, payload: HostEvents[E]) => void;

/** Fans host events out to every transport that listens (IPC windows, WebSocket clients). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe = (listener: EventListener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  emit<E extends EventName>(name: E, payload: HostEvents[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (err) {
        console.error(`event listener failed on ${name}:`, err);
      }
    }
  }
}
