import '../../testing/jsdom-shims';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestHost, type TestHost } from '../../testing/test-host';
import { useNotifications } from '../../ui/notifications';
import { UNTITLED, useEditorStore } from './editor-store';
import { useRecentFiles } from './recent-files';
import {
  connectScriptFiles,
  newScript,
  openDroppedScript,
  openRecent,
  openScript,
  saveScript,
} from './script-files';

const editor = () => useEditorStore.getState();

describe('script files', () => {
  let host: TestHost;

  beforeEach(() => {
    localStorage.clear();
    host = createTestHost();
    connectScriptFiles(host);
    editor().loadDocument({ code: 'start = 1\n', filePath: null, fileName: UNTITLED });
    useNotifications.setState({ notices: [] });
  });
  afterEach(() => vi.restoreAllMocks());

  it('opens a picked script into the editor and the recent list', async () => {
    host.nextOpen = { name: 'pendulum.py', path: null, text: 'import pychrono\n', ref: 'h1' };
    await openScript();
    expect(editor().getCode()).toBe('import pychrono\n');
    expect(editor()).toMatchObject({ fileName: 'pendulum.py', fileRef: 'h1', dirty: false });
    expect(useRecentFiles.getState().files[0]).toMatchObject({
      name: 'pendulum.py',
      text: 'import pychrono\n',
    });
  });

  it('keeps unsaved work when the user declines to discard it', async () => {
    editor().replaceCode('precious = True\n', 'typing');
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    host.nextOpen = { name: 'other.py', path: null, text: 'other\n', ref: null };
    await openScript();
    newScript();
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(editor().getCode()).toBe('precious = True\n');
  });

  it('saves back to the same file, and Save As asks for a new one', async () => {
    editor().loadDocument({
      code: 'x = 1\n',
      filePath: '/w/twin.py',
      fileName: 'twin.py',
      fileRef: '/w/twin.py',
    });
    editor().replaceCode('x = 2\n', 'edit');
    await saveScript(false);
    expect(host.saved.at(-1)).toMatchObject({ text: 'x = 2\n', ref: '/w/twin.py' });
    expect(editor().dirty).toBe(false);
    await saveScript(true);
    expect(host.saved.at(-1)?.ref).toBeNull();
  });

  it('reopens a recent browser file from the text it remembered', async () => {
    useRecentFiles.getState().remember({ name: 'kept.py', path: null, text: 'kept = 1\n' });
    await openRecent(useRecentFiles.getState().files[0]);
    expect(editor().getCode()).toBe('kept = 1\n');
    expect(editor().fileName).toBe('kept.py');
  });

  it('opens a dropped script', async () => {
    await openDroppedScript(new File(['dropped = 1\n'], 'dropped.py'));
    expect(editor().getCode()).toBe('dropped = 1\n');
  });

  it('refuses a dropped file that is not UTF-8 text, keeping the script', async () => {
    await openDroppedScript(new File([new Uint8Array([0xff, 0xfe, 0x00, 0x41])], 'binary.py'));
    expect(useNotifications.getState().notices.at(-1)).toMatchObject({ level: 'error' });
    expect(editor().getCode()).toBe('start = 1\n');
  });
});
