import '../../testing/jsdom-shims';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestHost, type TestHost } from '../../testing/test-host';
import { useNotifications } from '../../ui/notifications';
import { UNTITLED, useEditorStore } from './editor-store';
import {
  confirmDiscard,
  connectScriptFiles,
  exportScript,
  pickScript,
  readDroppedScript,
} from './script-files';

const editor = () => useEditorStore.getState();

describe('script files', () => {
  let host: TestHost;

  beforeEach(() => {
    host = createTestHost();
    connectScriptFiles(host);
    editor().loadDocument({ code: 'start = 1\n', filePath: null, fileName: UNTITLED });
    useNotifications.setState({ notices: [] });
  });
  afterEach(() => vi.restoreAllMocks());

  it('picks a Python script through the platform dialog', async () => {
    host.nextOpen = { name: 'pendulum.py', path: null, text: 'import pychrono\n', ref: 'h1' };
    expect(await pickScript()).toMatchObject({ name: 'pendulum.py', text: 'import pychrono\n' });
  });

  it('asks before discarding unsaved work, and keeps it when the user declines', () => {
    expect(confirmDiscard('open another file')).toBe(true);
    editor().replaceCode('precious = True\n', 'typing');
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    expect(confirmDiscard('open another file')).toBe(false);
    expect(confirm).toHaveBeenCalledTimes(1);
  });

  it('reads a dropped script, and refuses one that is not UTF-8 text with a message', async () => {
    expect(await readDroppedScript(new File(['dropped = 1\n'], 'dropped.py'))).toMatchObject({
      name: 'dropped.py',
      text: 'dropped = 1\n',
    });
    expect(
      await readDroppedScript(new File([new Uint8Array([0xff, 0xfe, 0x00, 0x41])], 'binary.py')),
    ).toBeNull();
    expect(useNotifications.getState().notices.at(-1)).toMatchObject({ level: 'error' });
  });

  it('exports a copy of the script under its name', async () => {
    editor().replaceCode('x = 2\n', 'edit');
    expect(await exportScript()).toBe(true);
    expect(host.saved.at(-1)).toMatchObject({ text: 'x = 2\n', suggestedName: UNTITLED });
    // Exporting is a copy: the twin itself is still unsaved.
    expect(editor().dirty).toBe(true);
  });
});
