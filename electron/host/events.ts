import type { EventName, HostEventListener, HostEvents } from '../common/contract';

export type EventListener = HostEventListener;

interface Subscription {
  listener: EventListener;
  /** The owner it listens for, or null for a host-internal listener that hears everything. */
  owner: string | null;
}

/**
 * Carries host events to the transports. An event sent to an owner reaches only that
 * owner's listeners; an event without one (settings changed) reaches everyone.
 */
export class EventBus {
  private readonly subscriptions = new Set<Subscription>();

  /** Listens for the events of `owner` and those sent to everyone; null hears all events. */
  subscribe = (listener: EventListener, owner: string | null = null): (() => void) => {
    const subscription = { listener, owner };
    this.subscriptions.add(subscription);
    return () => this.subscriptions.delete(subscription);
  };

  emit<E extends EventName>(name: E, payload: HostEvents[E], to?: string): void {
    for (const { listener, owner } of this.subscriptions) {
      if (to !== undefined && owner !== null && owner !== to) continue;
      try {
        listener(name, payload);
      } catch (err) {
        console.error(`event listener failed on ${name}:`, err);
      }
    }
  }
}
