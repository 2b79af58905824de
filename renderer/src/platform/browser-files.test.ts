import { afterEach, describe, expect, it, vi } from 'vitest';
import { BrowserFiles } from './browser-files';

/** jsdom's File has no text(); browsers' do. */
function textFile(name: string, text: string): File {
  return { name, text: async () => text } as File;
}

function fakeHandle(name: string, text: string) {
  const written: string[] = [];
  return {
    written,
    handle: {
      name,
      getFile: async () => textFile(name, text),
      createWritable: async () => ({
        write: async (t: string) => void written.push(t),
        close: async () => undefined,
      }),
    } as unknown as FileSystemFileHandle,
  };
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('files in a browser with the File System Access API', () => {
  it('opens a picked file and saves back to it without asking again', async () => {
    const { handle, written } = fakeHandle('twin.py', 'print(1)\n');
    const showOpenFilePicker = vi.fn(async () => [handle]);
    const showSaveFilePicker = vi.fn();
    const files = new BrowserFiles({
      document,
      showOpenFilePicker,
      showSaveFilePicker,
    } as unknown as Window);
    const opened = await files.openFile();
    expect(opened).toMatchObject({ name: 'twin.py', path: null, text: 'print(1)\n' });
    const saved = await files.saveFile({
      text: 'print(2)\n',
      suggestedName: 'twin.py',
      ref: opened!.ref,
    });
    expect(saved).toEqual({ name: 'twin.py', path: null, ref: opened!.ref });
    expect(written).toEqual(['print(2)\n']);
    expect(showSaveFilePicker).not.toHaveBeenCalled();
  });

  it('Save As asks where, and a cancelled picker means null', async () => {
    const { handle, written } = fakeHandle('new.py', '');
    const showSaveFilePicker = vi.fn(async () => handle);
    const files = new BrowserFiles({ document, showSaveFilePicker } as unknown as Window);
    expect(await files.saveFile({ text: 'x', suggestedName: 'new.py' })).toMatchObject({
      name: 'new.py',
    });
    expect(showSaveFilePicker).toHaveBeenCalledWith(
      expect.objectContaining({ suggestedName: 'new.py' }),
    );
    expect(written).toEqual(['x']);
    showSaveFilePicker.mockRejectedValueOnce(new DOMException('cancelled', 'AbortError'));
    expect(await files.saveFile({ text: 'x', suggestedName: 'new.py' })).toBeNull();
  });
});

describe('files in a browser without it', () => {
  it('opens through a file input limited to Python scripts', async () => {
    const files = new BrowserFiles(window);
    const picked = files.openFile();
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    expect(input.accept).toBe('.py');
    Object.defineProperty(input, 'files', { value: [textFile('a.py', 'import pychrono')] });
    input.dispatchEvent(new Event('change'));
    expect(await picked).toEqual({ name: 'a.py', path: null, text: 'import pychrono', ref: null });
    expect(document.querySelector('input[type=file]')).toBeNull();
  });

  it('resolves null when the input is cancelled', async () => {
    const files = new BrowserFiles(window);
    const picked = files.openFile();
    document.querySelector('input[type=file]')!.dispatchEvent(new Event('cancel'));
    expect(await picked).toBeNull();
  });

  it('saves by downloading the script under its name', async () => {
    const createObjectURL = vi.fn(() => 'blob:x');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicks.push(`${this.download} ${this.href}`);
    });
    const files = new BrowserFiles(window);
    expect(await files.saveFile({ text: 'print(1)', suggestedName: 'twin.py' })).toEqual({
      name: 'twin.py',
      path: null,
      ref: null,
    });
    expect(clicks).toEqual(['twin.py blob:x']);
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
    expect(blob.size).toBe('print(1)'.length);
    expect(blob.type).toBe('text/x-python');
  });
});
