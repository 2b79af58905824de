import '../editor/jsdom-shims';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Params, RunSummary } from '../../../../electron/common/contract';
import type { ChatOutcome } from '../../../../electron/common/contract/llm';
import type { OpenedProject } from '../../../../electron/common/contract/projects';
import { UNTITLED, useEditorStore } from '../editor/editor-store';
import { useRuntimeStore } from '../runtime/runtime-store';
import { createTestHost, type TestHost } from '../workspace/test-host';
import { connectChat, hasRealScript, historyFor, resetChatStore, useChatStore } from './chat-store';

const chat = () => useChatStore.getState();
const editor = () => useEditorStore.getState();

function outcome(
  req: Params<'llm.chat'>,
  answer: string,
  code: string | null,
  extra: Partial<ChatOutcome> = {},
): ChatOutcome {
  return {
    requestId: req.requestId,
    model: 'qwen2.5-coder:7b',
    state: 'complete',
    answer,
    thinking: '',
    code,
    truncation: [],
    notice: null,
    error: null,
    context: null,
    doneReason: 'stop',
    durationMs: 1,
    ...extra,
  };
}

const summary = (s: Partial<RunSummary>): RunSummary => ({
  runId: 'r',
  lane: 'twin',
  bodies: null,
  items: null,
  status: 'limit',
  reason: '',
  simTime: 1,
  wallTime: 1,
  realtimeFactor: 1,
  frames: 1,
  error: null,
  missingModule: null,
  ...s,
});

const untitledProject: OpenedProject = {
  project: {
    projectId: 'p1',
    name: 'Untitled',
    kind: 'untitled',
    path: null,
    scriptPath: null,
    savedAt: null,
    savedBy: null,
  },
  revision: 'r1',
  state: {
    script: '',
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
};

let host: TestHost;
let disconnect: () => void;
let answers: ((req: Params<'llm.chat'>) => ChatOutcome)[];
let requests: Params<'llm.chat'>[];

beforeEach(() => {
  resetChatStore();
  editor().loadDocument({
    code: 'import pychrono as chrono\n',
    filePath: null,
    fileName: UNTITLED,
  });
  requests = [];
  answers = [];
  host = createTestHost({
    'llm.chat': async (req) => {
      requests.push(req);
      const next = answers.shift();
      if (!next) throw new Error('no answer scripted');
      return next(req);
    },
    'projects.new': async () => untitledProject,
    'projects.save': async () => ({
      status: 'saved' as const,
      revision: 'r2',
      project: untitledProject.project,
    }),
    'projects.close': async () => ({ ok: true }),
    'llm.abort': async () => ({ ok: true }),
  });
  disconnect = connectChat(host);
});
afterEach(() => disconnect());

describe('chat store', () => {
  it('offers an answer as a proposal and changes the editor only on accept, as a version', async () => {
    const script = 'import pychrono as chrono\nsys = chrono.ChSystemNSC()\n';
    answers.push((req) => outcome(req, '```python\n' + script + '```', script));
    await chat().send('a system');
    expect(requests[0]).toMatchObject({ kind: 'write', prompt: 'a system', script: null });
    expect(chat().proposal?.proposed).toBe(script);
    expect(editor().getCode()).toBe('import pychrono as chrono\n');
    chat().acceptProposal(script);
    expect(editor().getCode()).toBe(script);
    expect(chat().versions.map((v) => v.origin)).toEqual(['chat']);
    expect(chat().messages.at(-1)?.versionId).toBe(chat().versions[0].id);
  });

  it('sends the current script from the second turn on, with the history without old scripts', async () => {
    const v1 = 'import pychrono as chrono\nsys = chrono.ChSystemNSC()\n';
    const v2 = v1 + 'sys.SetGravitationalAcceleration(chrono.ChVector3d(0, -1.62, 0))\n';
    answers.push((req) => outcome(req, 'Here:\n```python\n' + v1 + '```', v1));
    answers.push((req) => outcome(req, '```python\n' + v2 + '```', v2));
    await chat().send('a system');
    chat().acceptProposal(v1);
    await chat().send('moon gravity');
    expect(requests[1].script).toBe(v1);
    expect(requests[1].history).toEqual([
      { role: 'user', content: 'a system' },
      { role: 'assistant', content: 'Here:\n(script omitted: the current version is sent below)' },
    ]);
  });

  it('does not offer a cut answer for the editor', async () => {
    answers.push((req) =>
      outcome(req, '```python\nimport a\nx = [', 'import a\n', {
        state: 'cut',
        truncation: ['unclosed-fence'],
        notice: 'cut short',
      }),
    );
    await chat().send('x');
    expect(chat().proposal).toBeNull();
    expect(chat().messages.at(-1)).toMatchObject({ state: 'cut', notice: 'cut short' });
  });

  it('Run & fix applies fixes as versions until the run works', async () => {
    const broken = 'import pychrono as chrono\nb = chrono.ChBody()\nb.SetBodyFixed(True)\n';
    const fixed = 'import pychrono as chrono\nb = chrono.ChBody()\nb.SetFixed(True)\n';
    editor().replaceCode(broken, 'typed');
    const runs: string[] = [];
    useRuntimeStore.setState({
      runAndWait: async (code: string) => {
        runs.push(code);
        host.emit('runtime.message', {
          runId: `r${runs.length}`,
          message: {
            type: 'scene',
            full: true,
            upAxis: 'Y',
            camera: null,
            add: [{ key: 1, id: 1, name: 'b', kind: 'body', fixed: true, clones: 0, shapes: [] }],
            remove: [],
            meshes: {},
          },
        });
        return code === broken
          ? summary({
              runId: `r${runs.length}`,
              status: 'error',
              error: {
                type: 'error',
                errorType: 'AttributeError',
                message: "no attribute 'SetBodyFixed'",
                line: 3,
                traceback: '',
                missingModule: null,
                phase: 'run',
              },
            })
          : summary({ runId: `r${runs.length}` });
      },
    });
    answers.push((req) => outcome(req, '```python\n' + fixed + '```', fixed));
    await chat().runAndFix();
    expect(runs).toEqual([broken, fixed]);
    expect(requests[0]).toMatchObject({
      kind: 'repair',
      script: broken,
      failure: { line: 3, lineText: 'b.SetBodyFixed(True)' },
    });
    expect(editor().getCode()).toBe(fixed);
    expect(chat().loop).toMatchObject({ status: 'fixed' });
    expect(chat().loop?.attempts).toHaveLength(1);
    // The typed script and the fix are both versions: the fix can be reverted.
    expect(chat().versions.map((v) => v.origin)).toEqual(['initial', 'repair']);
  });
});

describe('chat persistence through the projects service', () => {
  const saves = () =>
    host.calls
      .filter((c) => c.name === 'projects.save')
      .map((c) => c.params as Params<'projects.save'>);
  const waitForSaves = async (n: number) => {
    for (let i = 0; i < 100 && saves().length < n; i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('saves each change on top of the revision the last save wrote', async () => {
    let revision = 1;
    host.handlers['projects.save'] = async () => ({
      status: 'saved' as const,
      revision: `r${++revision}`,
      project: untitledProject.project,
    });
    const script = 'import pychrono as chrono\nsys = chrono.ChSystemNSC()\n';
    answers.push((req) => outcome(req, '```python\n' + script + '```', script));
    await chat().send('a system');
    await waitForSaves(1);
    chat().acceptProposal(script);
    await waitForSaves(2);
    expect(saves().map((s) => s.baseRevision)).toEqual(['r1', 'r2']);
    expect(saves()[0]).toMatchObject({ projectId: 'p1' });
    expect(saves()[1].snapshot).toMatchObject({ script, currentVersionId: chat().versions[0].id });
    expect(saves()[1].snapshot.conversation?.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it("stops saving over another window's save, and says so", async () => {
    host.handlers['projects.save'] = async () => ({
      status: 'conflict' as const,
      conflict: {
        revision: 'r9',
        savedAt: null,
        savedBy: null,
        message: 'The project changed on disk.',
      },
    });
    chat().newChat();
    await waitForSaves(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(chat().loadProblem).toMatch(
      /^The project changed on disk\. This window's chat is not saved/,
    );
    chat().newChat();
    await new Promise((r) => setTimeout(r, 500));
    expect(saves()).toHaveLength(1);
  });
});

describe('helpers', () => {
  it('hasRealScript ignores the new-file header and bare imports', () => {
    expect(hasRealScript('import pychrono as chrono\n# note\n')).toBe(false);
    expect(hasRealScript('import pychrono as chrono\nsys = chrono.ChSystemNSC()\n')).toBe(true);
  });
  it('historyFor leaves out repairs and failed answers', () => {
    expect(
      historyFor([
        { id: '1', role: 'user', content: 'a', createdAt: '' },
        { id: '2', role: 'assistant', content: 'x', createdAt: '', state: 'error' },
        { id: '3', role: 'assistant', content: 'fix', createdAt: '', repairAttempt: 1 },
        { id: '4', role: 'notice', content: 'n', createdAt: '' },
      ]),
    ).toEqual([{ role: 'user', content: 'a' }]);
  });
});
