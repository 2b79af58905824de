// Opening and saving files in a browser: the File System Access API where the browser has
// it (Chromium), so Save writes back to the same file; else a file input and a download.
import type { FileFilter, OpenFileOptions, PickedFile, SavedFile, SaveFileRequest } from './types';

// The File System Access pickers are not in TypeScript's DOM library yet.
interface PickerType {
  description?: string;
  accept: Record<string, string[]>;
}
interface PickerWindow {
  showOpenFilePicker?: (options: {
    types?: PickerType[];
    multiple?: boolean;
  }) => Promise<FileSystemFileHandle[]>;
  showSaveFilePicker?: (options: {
    suggestedName?: string;
    types?: PickerType[];
  }) => Promise<FileSystemFileHandle>;
}

const PYTHON_FILTER: FileFilter = { name: 'Python scripts', extensions: ['py'] };

export class BrowserFiles {
  private readonly handles = new Map<string, FileSystemFileHandle>();
  private nextRef = 1;

  constructor(private readonly win: Window & PickerWindow = window) {}

  async openFile(options: OpenFileOptions = {}): Promise<PickedFile | null> {
    const filters = options.filters ?? [PYTHON_FILTER];
    if (this.win.showOpenFilePicker) {
      let handles: FileSystemFileHandle[];
      try {
        handles = await this.win.showOpenFilePicker({
          types: pickerTypes(filters),
          multiple: false,
        });
      } catch (err) {
        if (isAbort(err)) return null;
        throw err;
      }
      const handle = handles[0];
      if (!handle) return null;
      const file = await handle.getFile();
      return { name: file.name, path: null, text: await file.text(), ref: this.keep(handle) };
    }
    const file = await this.pickWithInput(filters);
    if (!file) return null;
    return { name: file.name, path: null, text: await file.text(), ref: null };
  }

  async saveFile(request: SaveFileRequest): Promise<SavedFile | null> {
    const known = request.ref ? this.handles.get(request.ref) : undefined;
    if (known) {
      await writeText(known, request.text);
      return { name: known.name, path: null, ref: request.ref ?? null };
    }
    if (this.win.showSaveFilePicker) {
      let handle: FileSystemFileHandle;
      try {
        handle = await this.win.showSaveFilePicker({
          suggestedName: request.suggestedName,
          types: pickerTypes(request.filters ?? [PYTHON_FILTER]),
        });
      } catch (err) {
        if (isAbort(err)) return null;
        throw err;
      }
      await writeText(handle, request.text);
      return { name: handle.name, path: null, ref: this.keep(handle) };
    }
    this.download(request.suggestedName, request.text);
    return { name: request.suggestedName, path: null, ref: null };
  }

  private keep(handle: FileSystemFileHandle): string {
    const ref = `browser-file-${this.nextRef++}`;
    this.handles.set(ref, handle);
    return ref;
  }

  private pickWithInput(filters: FileFilter[]): Promise<File | null> {
    const doc = this.win.document;
    const input = doc.createElement('input');
    input.type = 'file';
    input.accept = filters.flatMap((f) => f.extensions.map((e) => `.${e}`)).join(',');
    input.style.display = 'none';
    doc.body.appendChild(input);
    return new Promise<File | null>((resolve) => {
      const finish = (file: File | null) => {
        input.remove();
        resolve(file);
      };
      input.addEventListener('change', () => finish(input.files?.[0] ?? null), { once: true });
      input.addEventListener('cancel', () => finish(null), { once: true });
      input.click();
    });
  }

  private download(name: string, text: string): void {
    const doc = this.win.document;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/x-python' }));
    const link = doc.createElement('a');
    link.href = url;
    link.download = name;
    link.style.display = 'none';
    doc.body.appendChild(link);
    link.click();
    link.remove();
    // Give the browser time to start the download before the blob goes away.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

function pickerTypes(filters: FileFilter[]): PickerType[] {
  return filters.map((f) => ({
    description: f.name,
    accept: { 'text/plain': f.extensions.map((e) => `.${e}`) },
  }));
}

async function writeText(handle: FileSystemFileHandle, text: string): Promise<void> {
  const writable = await handle.createWritable();
  try {
    await writable.write(text);
  } finally {
    await writable.close();
  }
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}
