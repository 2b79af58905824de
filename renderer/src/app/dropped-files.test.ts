import '../testing/jsdom-shims';
import { describe, expect, it } from 'vitest';
import { connectProject } from '../features/project/project-store';
import { createTestHost } from '../testing/test-host';
import { FIXTURES } from '../../../test/fixtures/streams/generate';
import { useEditorStore } from '../features/editor/editor-store';
import { ViewerSession } from '../features/viewer/viewer-session';
import { useNotifications } from '../ui/notifications';
import { openDroppedFiles } from './dropped-files';

describe('files dropped on the window', () => {
  it('opens a script in the editor and a recording in the view, and refuses the rest', async () => {
    const viewer = new ViewerSession();
    // A browser's file has no path on the host: it becomes a new project holding its text.
    const host = createTestHost({
      'projects.new': async (p: { script?: string; name?: string }) => ({
        project: {
          projectId: 'p1',
          name: p.name ?? 'Untitled',
          kind: 'untitled' as const,
          path: null,
          scriptPath: null,
          savedAt: null,
          savedBy: null,
        },
        revision: 'r1',
        state: {
          script: p.script ?? '',
          reference: null,
          versions: [],
          currentVersionId: null,
          conversation: [],
          settings: {},
          referenceSource: null,
          runs: [],
        },
        problems: [],
        openElsewhere: [],
        offerSaveAsProject: true,
      }),
    });
    const disconnect = connectProject(host, { get: () => [], set: () => undefined });
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
    disconnect();
  });
});
