import '../../testing/jsdom-shims';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Params, RunSummary } from '../../../../electron/common/contract';
import type { ChatOutcome } from '../../../../electron/common/contract/llm';
import { UNTITLED, useEditorStore } from '../editor/editor-store';
import { hasRealScript, useVersionsStore } from '../project/versions-store';
import type { RepairEvent, RepairResult } from '../../../../electron/common/contract/repair';
import { connectRepair, resetRepairStore, useRepairStore } from './repair-store';
import { createTestHost, type TestHost } from '../../testing/test-host';
import { connectChat, historyFor, resetChatStore, useChatStore } from './chat-store';
import { settingsSchema } from '../../../../electron/common/contract/settings';
import { useSettingsStore } from '../settings/settings-store';

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
    grounding: null,
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

let host: TestHost;
let disconnect: () => void;
let answers: ((req: Params<'llm.chat'>) => ChatOutcome)[];
let requests: Params<'llm.chat'>[];

beforeEach(() => {
  resetChatStore();
  resetRepairStore();
  useVersionsStore.setState({ versions: [], currentVersionId: null });
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
    'llm.abort': async () => ({ ok: true }),
  });
  const offs = [connectChat(host), connectRepair(host)];
  disconnect = () => offs.forEach((off) => off());
});
afterEach(() => disconnect());

const versions = () => useVersionsStore.getState().versions;

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
    expect(versions().map((v) => v.origin)).toEqual(['chat']);
    expect(chat().messages.at(-1)?.versionId).toBe(versions()[0].id);
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

  it("grounds a request in the twin's last run and says so under the answer", async () => {
    disconnect();
    const offs = [connectChat(host, () => 'run-7'), connectRepair(host)];
    disconnect = () => offs.forEach((off) => off());
    answers.push((req) =>
      outcome(req, 'No script.', null, {
        grounding: {
          runId: 'run-7',
          classes: ['pychrono.core.ChBody', 'pychrono.core.ChSystemNSC'],
          problem: null,
        },
      }),
    );
    await chat().send('why did it fall?');
    expect(requests[0].grounding).toEqual({ runId: 'run-7', api: true });
    expect(chat().messages.at(-1)?.grounding).toBe(
      'Told the model what the last run did and the installed API of ChBody, ChSystemNSC.',
    );

    // With grounding off in the settings, the request goes as SimBench sends it.
    useSettingsStore.setState({
      settings: { ...settingsSchema.parse({}), groundRequests: false },
    });
    answers.push((req) => outcome(req, 'No script.', null));
    await chat().send('and now?');
    expect(requests[1].grounding).toBeUndefined();
    expect(chat().messages.at(-1)?.grounding).toBeUndefined();
    useSettingsStore.setState({ settings: null });
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

  it('Run & fix shows the host loop as it goes and offers the fix for review, as a version', async () => {
    const broken = 'import pychrono as chrono\nb = chrono.ChBody()\nb.SetBodyFixed(True)\n';
    const fixed = 'import pychrono as chrono\nb = chrono.ChBody()\nb.SetFixed(True)\n';
    editor().replaceCode(broken, 'typed');
    const failure = {
      message: "AttributeError: no attribute 'SetBodyFixed'",
      line: 3,
      lineText: 'b.SetBodyFixed(True)',
    };
    host.handlers['repair.start'] = async (req: Params<'repair.start'>) => {
      const send = (event: RepairEvent) =>
        host.emit('repair.event', { requestId: req.requestId, event });
      expect(req).toMatchObject({ script: broken, lane: 'twin' });
      send({ type: 'run-start', attempt: 0, runId: 'r1', script: broken });
      send({
        type: 'run-end',
        attempt: 0,
        runId: 'r1',
        summary: summary({ runId: 'r1', status: 'error' }),
        failure,
      });
      send({ type: 'asking', attempt: 1, chatRequestId: 'c1', failure, model: 'm' });
      host.emit('llm.token', { requestId: 'c1', content: 'Use SetFixed.', thinking: '' });
      send({
        type: 'proposal',
        attempt: 1,
        before: broken,
        after: fixed,
        answer: 'Use SetFixed.\n```python\n' + fixed + '```',
        model: 'm',
        grounding: { runId: 'r1', classes: ['pychrono.core.ChBody'], problem: null },
      });
      send({ type: 'run-start', attempt: 1, runId: 'r2', script: fixed });
      send({
        type: 'run-end',
        attempt: 1,
        runId: 'r2',
        summary: summary({ runId: 'r2' }),
        failure: null,
      });
      const result: RepairResult = {
        requestId: req.requestId,
        status: 'fixed',
        script: fixed,
        attempts: [],
        diagnosis: 'Fixed in 1 attempt: the script runs.',
        reason: null,
        generated: null,
        durationMs: 1,
      };
      send({ type: 'done', result });
      return result;
    };
    await useRepairStore.getState().runAndFix();
    const loop = useRepairStore.getState().loop;
    expect(loop).toMatchObject({
      status: 'fixed',
      diagnosis: 'Fixed in 1 attempt: the script runs.',
    });
    expect(loop?.attempts).toEqual([
      { index: 1, failure, before: broken, after: fixed, outcome: 'runs' },
    ]);
    // The model's fix is in the conversation, and nothing reached the editor yet.
    expect(chat().messages.map((m) => m.role)).toEqual(['notice', 'assistant']);
    expect(chat().messages[1]).toMatchObject({ repairAttempt: 1, model: 'm' });
    expect(chat().messages[1].content).toContain('Use SetFixed.');
    // The fix says what the repair request told the model: the failed run and the API.
    expect(chat().messages[1].grounding).toBe(
      'Told the model what the last run did and the installed API of ChBody.',
    );
    expect(editor().getCode()).toBe(broken);
    expect(chat().proposal).toMatchObject({ origin: 'repair', original: broken, proposed: fixed });
    chat().acceptProposal(fixed);
    expect(editor().getCode()).toBe(fixed);
    // The typed script and the fix are both versions: the fix can be reverted.
    expect(versions().map((v) => v.origin)).toEqual(['initial', 'repair']);
  });

  it('Run & fix says why it gave up, and can still show the last try', async () => {
    host.handlers['repair.start'] = async (req: Params<'repair.start'>) => {
      const result: RepairResult = {
        requestId: req.requestId,
        status: 'failed',
        script: 'last try',
        attempts: [],
        diagnosis: 'The fix brought back the same error.',
        reason: 'same-error',
        generated: null,
        durationMs: 1,
      };
      host.emit('repair.event', { requestId: req.requestId, event: { type: 'done', result } });
      return result;
    };
    await useRepairStore.getState().runAndFix();
    expect(useRepairStore.getState().loop).toMatchObject({
      status: 'failed',
      diagnosis: 'The fix brought back the same error.',
    });
    expect(chat().proposal).toBeNull();
    useRepairStore.getState().reviewResult();
    expect(chat().proposal?.proposed).toBe('last try');
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
