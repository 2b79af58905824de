// The Electron transport of the host contract: IPC channel names and the shape of the one
// object the preload puts on `window`. Types and constants only.
import type { EventName, HostEvents, MethodName, Params, Result } from './contract';

export const IPC = {
  /** renderer → main: `(name, params)`, answered with an InvokeReply. */
  invoke: 'twinforge:invoke',
  /** main → renderer: `(name, payload)` for every host event. */
  event: 'twinforge:event',
  /** main → renderer: `(actionId)` when a native menu item is clicked. */
  menuAction: 'twinforge:menu-action',
  /** renderer → main: native open dialog, answered with PickedFile | null. */
  openFile: 'twinforge:open-file',
  /** renderer → main: native save (dialog unless the file was picked before). */
  saveFile: 'twinforge:save-file',
} as const;

/** The window property the preload defines. */
export const BRIDGE_KEY = 'twinforge';

/** Errors cross IPC as data, so the renderer sees the host's own message. */
export type InvokeReply = { ok: true; result: unknown } | { ok: false; message: string };

export interface FileFilter {
  name: string;
  /** Without dots: ['py']. */
  extensions: string[];
}

export interface OpenFileOptions {
  title?: string;
  filters?: FileFilter[];
}

export interface PickedFile {
  name: string;
  /** The full path on disk; null in a browser, which never reveals it. */
  path: string | null;
  text: string;
  /** Pass to a later save to overwrite this file without asking; null when impossible. */
  ref: string | null;
}

export interface SaveFileRequest {
  text: string;
  /** Proposed file name for a dialog or a download. */
  suggestedName: string;
  /** From an earlier open or save: write there without asking. Absent: ask (Save As). */
  ref?: string | null;
  filters?: FileFilter[];
}

export interface SavedFile {
  name: string;
  path: string | null;
  ref: string | null;
}

/** What the preload exposes on `window[BRIDGE_KEY]`. */
export interface ElectronBridge {
  invoke<K extends MethodName>(name: K, params: Params<K>): Promise<Result<K>>;
  onEvent(listener: <E extends EventName>(name: E, payload: HostEvents[E]) => void): () => void;
  onMenuAction(listener: (actionId: string) => void): () => void;
  openFile(options: OpenFileOptions): Promise<PickedFile | null>;
  saveFile(request: SaveFileRequest): Promise<SavedFile | null>;
  /** The path of a file dropped on the window (Electron knows it; browsers do not). */
  pathForFile(file: unknown): string | null;
}

/** Scheme under which Electron serves the pychrono data files read-only. */
export const DATA_SCHEME = 'twinforge-data';
