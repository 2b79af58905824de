// A host for unit tests: answers methods with the handlers a test gives, records every
// call, and lets the test emit host events. Not used by the app.
import type {
  EventName,
  HostEvents,
  MethodName,
  Params,
  Result,
} from '../../../electron/common/contract';
import type {
  OpenFileOptions,
  PickedFile,
  PlatformHost,
  SavedFile,
  SaveFileRequest,
} from '../platform/types';

type Handler<K extends MethodName> = (params: Params<K>) => Result<K> | Promise<Result<K>>;
export type TestHandlers = { [K in MethodName]?: Handler<K> };

export interface TestHost extends PlatformHost {
  calls: Array<{ name: string; params: unknown }>;
  handlers: TestHandlers & Record<string, ((params: unknown) => unknown) | undefined>;
  emit<E extends EventName>(name: E, payload: HostEvents[E]): void;
  /** What the next openFile resolves with (null: the user cancelled). */
  nextOpen: PickedFile | null;
  saved: SaveFileRequest[];
  menuListeners: Set<(id: string) => void>;
}

export function createTestHost(
  handlers: TestHandlers & Record<string, ((params: never) => unknown) | undefined> = {},
  kind: 'electron' | 'browser' = 'browser',
): TestHost {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const host: TestHost = {
    kind,
    calls: [],
    handlers: handlers as TestHost['handlers'],
    async invoke(name, params) {
      host.calls.push({ name, params });
      const handler = host.handlers[name] as ((p: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`Method ${name} is not available`);
      return (await handler(params)) as never;
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    dataUrl: (path) => `data-test://${path}`,
    nextOpen: null,
    saved: [],
    menuListeners: new Set(),
    async openFile(_options?: OpenFileOptions) {
      return host.nextOpen;
    },
    async saveFile(request: SaveFileRequest): Promise<SavedFile | null> {
      host.saved.push(request);
      const name = request.ref
        ? (request.ref.split('/').pop() ?? request.suggestedName)
        : request.suggestedName;
      return { name, path: `/saved/${name}`, ref: `/saved/${name}` };
    },
    onMenuAction(listener) {
      host.menuListeners.add(listener);
      return () => host.menuListeners.delete(listener);
    },
    pathForFile: () => null,
    connection: 'open',
    onConnectionChange: () => () => undefined,
    emit(name, payload) {
      listeners.get(name)?.forEach((listener) => listener(payload));
    },
  };
  return host;
}
