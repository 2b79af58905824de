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
  SavedFile,
  SaveFileRequest,
} from '../../../electron/common/ipc';

export type {
  FileFilter,
  OpenFileOptions,
  PickedFile,
  SavedFile,
  SaveFileRequest,
} from '../../../electron/common/ipc';

/** Whether the host can be reached: always 'open' in Electron; serve mode reconnects. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

/**
 * What the renderer may ask of its host. `src/platform/host.ts` picks the implementation
 * (Electron IPC through the preload, or the serve mode's WebSocket); no other renderer
 * file knows which one is in use.
 */
export interface PlatformHost {
  readonly kind: 'electron' | 'browser';
  invoke<K extends MethodName>(name: K, params: Params<K>): Promise<Result<K>>;
  on<E extends EventName>(name: E, listener: (payload: HostEvents[E]) => void): () => void;
  /** A URL from which the renderer may load a file of the pychrono data directory
   *  (a path relative to it, or an absolute path inside it). */
  dataUrl(path: string): string;
  /** Asks the user for a file to open: a native dialog, or the browser's picker.
   *  Null when the user cancelled. */
  openFile(options?: OpenFileOptions): Promise<PickedFile | null>;
  /** Saves text: to `request.ref` when given (Save), else where the user picks (Save As);
   *  a browser without file system access downloads it. Null when the user cancelled. */
  saveFile(request: SaveFileRequest): Promise<SavedFile | null>;
  /** Native menu clicks, by action id (never fires in a browser, which has no native menu). */
  onMenuAction(listener: (actionId: string) => void): () => void;
  /** The disk path of a file dropped on the window, when the platform knows it. */
  pathForFile(file: File): string | null;
  readonly connection: ConnectionState;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}
