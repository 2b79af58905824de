import '../testing/jsdom-shims';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Params } from '../../../electron/common/contract';
import type { OpenedProject } from '../../../electron/common/contract/projects';
import { useChatStore, resetChatStore } from '../features/chat/chat-store';
import { useEditorStore } from '../features/editor/editor-store';
import { resetProjectStore, useProjectStore } from '../features/project/project-store';
import { useVersionsStore } from '../features/project/versions-store';
import { createTestHost, type TestHost } from '../testing/test-host';
import { connectProjectSync, restoreBackup, useLeftBackups } from './project-sync';

const opened = (over: Partial<OpenedProject['project']> = {}, script = ''): OpenedProject => ({
  project: {
    projectId: 'p1',
    name: 'Untitled',
    kind: 'untitled',
    path: '/data/projects/untitled/u1.twinforge',
    scriptPath: null,
    savedAt: null,
    savedBy: null,
    ...over,
  },
  revision: 'r1',
  state: {
    script,
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
});

let host: TestHost;
let disconnect: () => void;
let revision: number;
const calls = <K extends 'projects.save' | 'backups.put'>(name: K) =>
  host.calls.filter((c) => c.name === name).map((c) => c.params as Params<K>);
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

beforeEach(async () => {
  localStorage.clear();
  resetChatStore();
  resetProjectStore();
  useVersionsStore.setState({ versions: [], currentVersionId: null });
  useLeftBackups.setState({ backups: [] });
  revision = 1;
  host = createTestHost({
    'projects.new': async () => opened({}, 'import pychrono\n'),
    'projects.open': async (p: Params<'projects.open'>) =>
      opened({ projectId: 'p2', kind: 'project', name: 'pendulum', path: p.path }, 'saved = 1\n'),
    'projects.save': async () => ({
      status: 'saved' as const,
      revision: `r${++revision}`,
      project: useProjectStore.getState().info ?? opened().project,
    }),
    'projects.close': async () => ({ ok: true }),
    'projects.recent': async () => ({ projects: [] }),
    'backups.put': async () => ({ id: 'b', savedAt: '' }),
    'backups.list': async () => ({ backups: [] }),
    'backups.discard': async () => ({ ok: true }),
  });
  disconnect = connectProjectSync(host);
  await until(() => useProjectStore.getState().info !== null);
});
afterEach(() => disconnect());

describe('keeping the twin safe', () => {
  it('starts with a project of its own and saves each change on the revision the last save wrote', async () => {
    expect(useEditorStore.getState().getCode()).toBe('import pychrono\n');
    useChatStore.setState({
      messages: [{ id: 'm1', role: 'user', content: 'a pendulum', createdAt: '' }],
    });
    await until(() => calls('projects.save').length === 1);
    useVersionsStore
      .getState()
      .add({ origin: 'chat', prompt: 'a pendulum', model: 'm', answer: 'a', code: 'x = 1\n' }, '');
    await until(() => calls('projects.save').length === 2);
    const saves = calls('projects.save');
    expect(saves.map((s) => s.baseRevision)).toEqual(['r1', 'r2']);
    expect(saves[0].snapshot.conversation?.map((m) => m.content)).toEqual(['a pendulum']);
    expect(saves[1].snapshot.versions?.map((v) => v.code)).toEqual(['x = 1\n']);
    // An untitled project keeps its script in the user-data folder: it goes along.
    expect(saves[1].snapshot.script).toBe('import pychrono\n');
  });

  it("never writes over another window's save: the conflict waits for the user", async () => {
    host.handlers['projects.save'] = async () => ({
      status: 'conflict' as const,
      conflict: { revision: 'r9', savedAt: null, savedBy: null, message: 'Saved elsewhere.' },
    });
    useChatStore.setState({ messages: [{ id: 'm', role: 'user', content: 'x', createdAt: '' }] });
    await until(() => useProjectStore.getState().conflict !== null);
    useChatStore.setState({ messages: [] });
    await new Promise((r) => setTimeout(r, 50));
    expect(calls('projects.save')).toHaveLength(1);
  });

  it("backs up the editor's text and the chat's draft at once, per project", async () => {
    useEditorStore.getState().replaceCode('typed = 1\n', 'typing');
    useChatStore.getState().setDraft('make it heavier');
    await until(() => calls('backups.put').length === 2);
    const [editor, draft] = calls('backups.put');
    expect(editor).toMatchObject({ key: 'editor:p1', projectId: 'p1' });
    expect(editor.data).toMatchObject({ kind: 'editor', code: 'typed = 1\n' });
    expect(draft).toMatchObject({
      key: 'draft:p1',
      data: { kind: 'draft', draft: 'make it heavier' },
    });
  });

  it('restores a backup a crashed session left, in its project', async () => {
    host.handlers['backups.take'] = async () => ({
      backup: {
        id: 'left',
        key: 'editor:p-old',
        savedAt: '',
        project: null,
        preview: '',
        bytes: 1,
      },
      data: {
        kind: 'editor',
        code: 'unsaved = 2\n',
        name: 'twin.py',
        path: '/w/pendulum.twinforge',
      },
    });
    useLeftBackups.setState({
      backups: [
        { id: 'left', key: 'editor:p-old', savedAt: '', project: null, preview: '', bytes: 1 },
      ],
    });
    await restoreBackup('left');
    expect(useProjectStore.getState().info).toMatchObject({ kind: 'project', name: 'pendulum' });
    expect(useEditorStore.getState().getCode()).toBe('unsaved = 2\n');
    expect(useEditorStore.getState().dirty).toBe(true);
    expect(useLeftBackups.getState().backups).toEqual([]);
    expect(host.calls.find((c) => c.name === 'backups.discard')?.params).toEqual({
      key: 'editor:p-old',
    });
  });
});
