import type {
  EventName,
  HostEvents,
  MethodName,
  Params,
  Result,
} from '../../../electron/common/contract';

/**
 * What the renderer may ask of its host. `src/platform/host.ts` picks the implementation
 * (Electron IPC through the preload, or the serve mode's WebSocket); no other renderer
 * file knows which one is in use.
 */
export interface PlatformHost {
  readonly kind: 'electron' | 'browser';
  invoke<K extends MethodName>(name: K, params: Params<K>): Promise<Result<K>>;
  on<E extends EventName>(name: E, listener: (payload: HostEvents[E]) => void): () => void;
  /** A URL from which the renderer may load a file of the pychrono data directory. */
  dataUrl(path: string): string;
}
