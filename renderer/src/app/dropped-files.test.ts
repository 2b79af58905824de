import '../testing/jsdom-shims';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../test/fixtures/streams/generate';
import { useEditorStore } from '../features/editor/editor-store';
import { ViewerSession } from '../features/viewer/viewer-session';
import { useNotifications } from '../ui/notifications';
import { openDroppedFiles } from './dropped-files';

describe('files dropped on the window', () => {
  it('opens a script in the editor and a recording in the view, and refuses the rest', async () => {
    const viewer = new ViewerSession();
    const recording = FIXTURES['mechanism.tfrec']();
    await openDroppedFiles(
      [new File(['dropped = 1\n'], 'dropped.py'), new File([recording.slice()], 'mechanism.tfrec')],
      viewer,
    );
    expect(useEditorStore.getState().getCode()).toBe('dropped = 1\n');
    expect(viewer.timeline.getState().label).toBe('recording:mechanism.tfrec');
    expect(viewer.frames.length).toBeGreaterThan(0);
    await openDroppedFiles([new File(['a,b\n'], 'table.csv')], viewer);
    expect(useNotifications.getState().notices.at(-1)?.message).toMatch(/not table\.csv/);
    expect(useEditorStore.getState().getCode()).toBe('dropped = 1\n');
  });
});
