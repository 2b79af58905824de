// The serve mode's host: the contract over one WebSocket, reconnecting with backoff.
import {
  isMethodName,
  type EventName,
  type HostEvents,
  type MethodName,
  type Params,
  type Result,
} from '../../../electron/common/contract';
import {
  decodeBinaryEvent,
  parseServerMessage,
  type InvokeMessage,
} from '../../../electron/common/wire';
import type { ConnectionState } from './types';

export interface WsHostOptions {
  /** ws://host:port/ws?token=... */
  url: string;
  createSocket?: (url: string) => WebSocket;
  /** Delay before reconnect attempt n (0-based), in ms. */
  backoff?: (attempt: number) => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

type AnyListener = (payload: unknown) => void;

export function defaultBackoff(attempt: number): number {
  const base = Math.min(10_000, 250 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

export class WsHostConnection {
  private socket: WebSocket | null = null;
  private state: ConnectionState = 'closed';
  private nextId = 1;
  private attempts = 0;
  private reconnectScheduled = false;
  private closed = false;
  /** Invokes waiting for the socket to open. */
  private queued: Array<{ message: InvokeMessage; pending: Pending }> = [];
  /** Invokes sent and not yet answered. */
  private inFlight = new Map<number, Pending>();
  private listeners = new Map<string, Set<AnyListener>>();
  private stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly createSocket: (url: string) => WebSocket;
  private readonly backoff: (attempt: number) => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;

  constructor(private readonly options: WsHostOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.backoff = options.backoff ?? defaultBackoff;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  }

  get connection(): ConnectionState {
    return this.state;
  }

  invoke<K extends MethodName>(name: K, params: Params<K>): Promise<Result<K>> {
    if (!isMethodName(name)) return Promise.reject(new Error(`Unknown method ${String(name)}`));
    if (this.closed) {
      return Promise.reject(
        new Error(`The connection to the TwinForge server is closed: ${name} was not sent.`),
      );
    }
    return new Promise<unknown>((resolve, reject) => {
      const message: InvokeMessage = { t: 'invoke', id: this.nextId++, method: name, params };
      const pending: Pending = { method: name, resolve, reject };
      if (this.state === 'open' && this.socket) this.send(message, pending);
      else {
        this.queued.push({ message, pending });
        this.ensureConnecting();
      }
    }) as Promise<Result<K>>;
  }

  on<E extends EventName>(name: E, listener: (payload: HostEvents[E]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as AnyListener);
    this.ensureConnecting();
    return () => set.delete(listener as AnyListener);
  }

  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Opens the socket now (otherwise the first invoke or listener does). */
  connect(): void {
    this.ensureConnecting();
  }

  /** Closes for good: pending calls fail, and no reconnection follows. */
  close(): void {
    this.closed = true;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.failPending('the page closed it');
    this.setState('closed');
  }

  private ensureConnecting(): void {
    if (this.closed || this.socket || this.reconnectScheduled) return;
    this.open();
  }

  private open(): void {
    this.setState('connecting');
    let socket: WebSocket;
    try {
      socket = this.createSocket(this.options.url);
    } catch (err) {
      this.dropped(`could not connect (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.setState('open');
      const queued = this.queued;
      this.queued = [];
      for (const { message, pending } of queued) this.send(message, pending);
    };
    socket.onmessage = (event: MessageEvent) => this.receive(event.data);
    // An error is always followed by close, which does the work.
    socket.onerror = () => undefined;
    socket.onclose = (event: { code: number; reason: string }) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.dropped(
        event.code === 1006 || !event.code
          ? 'the connection closed (the server stopped, or refused the token or origin)'
          : `the connection closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`,
      );
    };
  }

  private send(message: InvokeMessage, pending: Pending): void {
    this.inFlight.set(message.id, pending);
    try {
      this.socket?.send(JSON.stringify(message));
    } catch (err) {
      this.inFlight.delete(message.id);
      pending.reject(new Error(`Could not send ${message.method}: ${String(err)}`));
    }
  }

  private receive(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      let event: { name: string; payload: unknown };
      try {
        event = decodeBinaryEvent(data);
      } catch (err) {
        console.error('TwinForge server sent a malformed binary message:', err);
        return;
      }
      this.emit(event.name, event.payload);
      return;
    }
    if (typeof data !== 'string') return;
    const message = parseServerMessage(data);
    if (!message) {
      console.error('TwinForge server sent an unreadable message');
      return;
    }
    if (message.t === 'event') {
      this.emit(message.name, message.payload);
      return;
    }
    const pending = this.inFlight.get(message.id);
    if (!pending) return;
    this.inFlight.delete(message.id);
    if (message.t === 'result') pending.resolve(message.result);
    else pending.reject(new Error(message.message));
  }

  private emit(name: string, payload: unknown): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`listener of ${name} failed:`, err);
      }
    }
  }

  /** The connection is gone: fail every waiting call, then try again later. */
  private dropped(why: string): void {
    this.failPending(why);
    this.setState('closed');
    if (this.closed) return;
    this.reconnectScheduled = true;
    this.setTimer(() => {
      this.reconnectScheduled = false;
      if (!this.socket && !this.closed) this.open();
    }, this.backoff(this.attempts++));
  }

  private failPending(why: string): void {
    const failed = [...this.inFlight.values(), ...this.queued.map((q) => q.pending)];
    this.inFlight.clear();
    this.queued = [];
    for (const pending of failed) {
      pending.reject(
        new Error(
          `Lost the connection to the TwinForge server: ${why}. ${pending.method} did not complete.`,
        ),
      );
    }
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
