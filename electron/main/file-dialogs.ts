// File > Open / Save / Save As with the OS's own dialogs. The renderer never names a path
// to write on its own: it may overwrite only a file the user picked in a dialog during
// this session; any other save asks first.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type {
  FileFilter,
  OpenFileOptions,
  PickedFile,
  SavedFile,
  SaveFileRequest,
} from '../common/ipc';
import { writeFileAtomic } from '../host/files/atomic-write';

/** Larger than any script the contract accepts (5 MB of text). */
const MAX_OPEN_BYTES = 5_000_000;

export interface DialogApi {
  showOpen(options: { title?: string; filters: FileFilter[] }): Promise<string | null>;
  showSave(options: { defaultPath: string; filters: FileFilter[] }): Promise<string | null>;
}

const PYTHON: FileFilter[] = [
  { name: 'Python scripts', extensions: ['py'] },
  { name: 'All files', extensions: ['*'] },
];

export class FileDialogs {
  /** Paths the user chose in a dialog: the only ones a plain Save may write. */
  private readonly granted = new Set<string>();

  constructor(private readonly dialogs: DialogApi) {}

  async open(options: OpenFileOptions): Promise<PickedFile | null> {
    const path = await this.dialogs.showOpen({
      title: options.title,
      filters: cleanFilters(options.filters),
    });
    if (!path) return null;
    const info = await stat(path);
    if (info.size > MAX_OPEN_BYTES) {
      throw new Error(
        `${basename(path)} is ${(info.size / 1e6).toFixed(1)} MB; scripts over 5 MB are not opened`,
      );
    }
    const text = await readFile(path, 'utf8');
    this.granted.add(path);
    return { name: basename(path), path, text, ref: path };
  }

  async save(request: SaveFileRequest): Promise<SavedFile | null> {
    if (typeof request.text !== 'string') throw new Error('Nothing to save: the text is missing');
    let path = request.ref && this.granted.has(request.ref) ? request.ref : null;
    if (!path) {
      path = await this.dialogs.showSave({
        defaultPath: request.ref || safeName(request.suggestedName),
        filters: cleanFilters(request.filters),
      });
      if (!path) return null;
    }
    // A crash mid-write never leaves half a script: the old file stays until the new is whole.
    await writeFileAtomic(path, request.text);
    this.granted.add(path);
    return { name: basename(path), path, ref: path };
  }
}

function cleanFilters(filters: FileFilter[] | undefined): FileFilter[] {
  if (!Array.isArray(filters) || filters.length === 0) return PYTHON;
  return filters
    .filter((f) => typeof f?.name === 'string' && Array.isArray(f.extensions))
    .map((f) => ({
      name: f.name,
      extensions: f.extensions.filter((e) => /^[\w*]{1,16}$/.test(e)),
    }));
}

function safeName(name: unknown): string {
  const text = typeof name === 'string' ? basename(name) : '';
  return text && !text.startsWith('.') ? text : 'script.py';
}
