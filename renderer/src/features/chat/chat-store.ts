// The chat: the conversation and the twin's versions of the current project, the answer
// being streamed, the proposal under review, and the "Run & fix" loop. The editor changes
// only through acceptProposal, restoreVersion and the loop the user started.
import { create } from 'zustand';
import type {
  ChatOutcome,
  ChatRequest,
  ConversationMessage,
  RunFailure,
  TwinVersion,
} from '../../../../electron/common/contract/llm';
import type { OpenedProject } from '../../../../electron/common/contract/projects';
import type { SceneMessage } from '../../../../electron/common/stream';
import type { PlatformHost } from '../../platform/types';
import { NEW_SCRIPT, useEditorStore } from '../editor/editor-store';
import { useRuntimeStore } from '../runtime/runtime-store';
import { useSettingsStore } from '../settings/settings-store';
import { afterAnswer, afterRun, type RepairAttempt } from './repair-rules';
import { runFailure, SceneBodies } from './run-failure';
import { TokenBatcher } from './token-batcher';

export interface StreamingAnswer {
  requestId: string;
  messageId: string;
  content: string;
  thinking: string;
}

export interface Proposal {
  messageId: string;
  /** The editor's script when the answer arrived. */
  original: string;
  proposed: string;
  prompt: string;
  model: string;
  answer: string;
}

export interface RepairAttemptView extends RepairAttempt {
  versionId: string | null;
}

export interface RepairLoop {
  status: 'running' | 'asking' | 'fixed' | 'failed' | 'stopped';
  attempts: RepairAttemptView[];
  diagnosis: string | null;
  maxAttempts: number;
}

export interface ChatState {
  projectKey: string;
  messages: ConversationMessage[];
  versions: TwinVersion[];
  currentVersionId: string | null;
  streaming: StreamingAnswer | null;
  proposal: Proposal | null;
  loop: RepairLoop | null;
  /** A problem loading the saved conversation, shown once. */
  loadProblem: string | null;

  send(prompt: string): Promise<void>;
  stop(): void;
  newChat(): void;
  /** Puts `code` (the reviewed script) in the editor as a new version. */
  acceptProposal(code: string): void;
  rejectProposal(): void;
  restoreVersion(id: string): void;
  runAndFix(): Promise<void>;
  stopLoop(): void;
}

let platform: PlatformHost | null = null;
const bodies = new SceneBodies();
/** Token batchers of the requests in flight, by request id. */
const batchers = new Map<string, TokenBatcher>();
let loopToken = 0;
let saveTimer: ReturnType<typeof setTimeout> | null = null;

const now = () => new Date().toISOString();
const newId = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

function requireHost(): PlatformHost {
  if (!platform) throw new Error('Not connected to the TwinForge host');
  return platform;
}

/** A script worth sending with the request: more than the new-file header and imports. */
export function hasRealScript(code: string): boolean {
  if (code.trim() === NEW_SCRIPT.trim()) return false;
  return code
    .split('\n')
    .some((l) => l.trim() !== '' && !l.trim().startsWith('#') && !/^\s*(import|from)\s/.test(l));
}

/**
 * Earlier turns for the model. The current script goes with every later request, so the
 * scripts in old answers are left out: they would only fill the context with stale code.
 */
export function historyFor(messages: readonly ConversationMessage[]): ChatRequest['history'] {
  return messages
    .filter(
      (m) =>
        (m.role === 'user' || m.role === 'assistant') &&
        m.repairAttempt === undefined &&
        m.content.trim() !== '' &&
        m.state !== 'error',
    )
    .map((m) => ({
      role: m.role as 'user' | 'assistant',
      content:
        m.role === 'assistant'
          ? m.content.replace(
              /```[\s\S]*?(```|$)/g,
              '(script omitted: the current version is sent below)',
            )
          : m.content,
    }));
}

export const useChatStore = create<ChatState>((set, get) => {
  function updateMessage(id: string, patch: Partial<ConversationMessage>) {
    set((s) => ({ messages: s.messages.map((m) => (m.id === id ? { ...m, ...patch } : m)) }));
    scheduleSave();
  }

  function addVersion(
    version: Omit<TwinVersion, 'id' | 'createdAt'>,
    previousCode: string,
  ): TwinVersion {
    const versions = [...get().versions];
    const current = versions.find((v) => v.id === get().currentVersionId);
    // The script the change replaces is kept as a version too when no version holds it
    // (the script before the chat, or the user's own edits), so it can be restored.
    if (hasRealScript(previousCode) && current?.code !== previousCode) {
      versions.push({
        id: newId(),
        createdAt: now(),
        origin: versions.length === 0 ? 'initial' : 'manual',
        prompt: '',
        model: null,
        answer: null,
        code: previousCode,
      });
    }
    const created: TwinVersion = { ...version, id: newId(), createdAt: now() };
    versions.push(created);
    set({ versions, currentVersionId: created.id });
    scheduleSave();
    return created;
  }

  /** Sends one request and streams its answer into a new assistant message. */
  async function request(
    params: Omit<ChatRequest, 'requestId' | 'history'> & { history?: ChatRequest['history'] },
    repairAttempt?: number,
  ): Promise<{ outcome: ChatOutcome | null; messageId: string }> {
    const requestId = newId();
    const messageId = newId();
    const model = params.model || useSettingsStore.getState().settings?.model || null;
    const message: ConversationMessage = {
      id: messageId,
      role: 'assistant',
      content: '',
      model,
      createdAt: now(),
      ...(repairAttempt !== undefined ? { repairAttempt } : {}),
    };
    set((s) => ({
      messages: [...s.messages, message],
      streaming: { requestId, messageId, content: '', thinking: '' },
    }));
    batchers.set(
      requestId,
      new TokenBatcher((content, thinking) => {
        const current = get().streaming;
        if (current?.requestId !== requestId) return;
        set({
          streaming: {
            ...current,
            content: current.content + content,
            thinking: current.thinking + thinking,
          },
        });
      }),
    );
    let outcome: ChatOutcome | null = null;
    try {
      outcome = await requireHost().invoke('llm.chat', { requestId, history: [], ...params });
      batchers.get(requestId)?.drain();
      const error = outcome.error;
      updateMessage(messageId, {
        content: outcome.answer,
        thinking: outcome.thinking || undefined,
        model: outcome.model || model,
        state: outcome.state,
        notice: [error?.message, outcome.notice].filter(Boolean).join(' ') || undefined,
        errorKind: error?.kind,
      });
    } catch (err) {
      const partial = get().streaming;
      updateMessage(messageId, {
        content: partial?.requestId === requestId ? partial.content : '',
        state: 'error',
        notice: `The request failed: ${err instanceof Error ? err.message : String(err)}`,
        errorKind: 'transport',
      });
    } finally {
      batchers.delete(requestId);
      if (get().streaming?.requestId === requestId) set({ streaming: null });
    }
    return { outcome, messageId };
  }

  return {
    projectKey: 'untitled',
    messages: [],
    versions: [],
    currentVersionId: null,
    streaming: null,
    proposal: null,
    loop: null,
    loadProblem: null,

    async send(prompt) {
      const text = prompt.trim();
      if (!text || get().streaming || isLoopBusy(get().loop)) return;
      const editor = useEditorStore.getState();
      const code = editor.getCode();
      const history = historyFor(get().messages);
      const user: ConversationMessage = {
        id: newId(),
        role: 'user',
        content: text,
        createdAt: now(),
      };
      set((s) => ({ messages: [...s.messages, user], proposal: null }));
      scheduleSave();
      const { outcome, messageId } = await request({
        kind: 'write',
        prompt: text,
        script: hasRealScript(code) ? code : null,
        history,
      });
      // Only a whole answer is offered for the editor; a cut one keeps its text in the chat.
      if (!outcome?.code || outcome.state !== 'complete' || outcome.truncation.length > 0) return;
      const original = useEditorStore.getState().getCode();
      if (outcome.code.trim() === original.trim()) {
        updateMessage(messageId, { notice: "The answer's script is the same as the editor's." });
        return;
      }
      set({
        proposal: {
          messageId,
          original,
          proposed: outcome.code,
          prompt: text,
          model: outcome.model,
          answer: outcome.answer,
        },
      });
    },

    stop() {
      const streaming = get().streaming;
      if (streaming)
        void platform
          ?.invoke('llm.abort', { requestId: streaming.requestId })
          .catch(() => undefined);
    },

    newChat() {
      get().stop();
      get().stopLoop();
      // Versions belong to the twin, not to the chat: they stay.
      set({ messages: [], proposal: null, loop: null, loadProblem: null });
      scheduleSave();
    },

    acceptProposal(code) {
      const proposal = get().proposal;
      if (!proposal) return;
      const editor = useEditorStore.getState();
      const before = editor.getCode();
      set({ proposal: null });
      if (code === before) return;
      editor.replaceCode(code, `Model answer: ${proposal.prompt.slice(0, 48)}`);
      const version = addVersion(
        {
          origin: 'chat',
          prompt: proposal.prompt,
          model: proposal.model,
          answer: proposal.answer,
          code,
        },
        before,
      );
      updateMessage(proposal.messageId, { versionId: version.id });
    },

    rejectProposal() {
      set({ proposal: null });
    },

    restoreVersion(id) {
      const version = get().versions.find((v) => v.id === id);
      if (!version) return;
      const editor = useEditorStore.getState();
      const before = editor.getCode();
      if (version.code === before) {
        set({ currentVersionId: id });
        return;
      }
      editor.replaceCode(version.code, `Restore version ${get().versions.indexOf(version) + 1}`);
      addVersion(
        {
          origin: 'restore',
          prompt: `Restored version ${get().versions.indexOf(version) + 1}`,
          model: null,
          answer: null,
          code: version.code,
        },
        before,
      );
    },

    async runAndFix() {
      if (get().streaming || isLoopBusy(get().loop) || get().proposal) return;
      const token = ++loopToken;
      const maxAttempts = useSettingsStore.getState().settings?.repairAttempts ?? 3;
      const attempts: RepairAttemptView[] = [];
      const setLoop = (patch: Partial<RepairLoop>) =>
        set((s) => ({
          loop: {
            ...(s.loop ?? { status: 'running', attempts: [], diagnosis: null, maxAttempts }),
            ...patch,
            attempts: [...attempts],
          },
        }));
      const cancelled = () => token !== loopToken;
      setLoop({ status: 'running', diagnosis: null, maxAttempts });

      for (;;) {
        const code = useEditorStore.getState().getCode();
        setLoop({ status: 'running' });
        let summary;
        try {
          summary = await useRuntimeStore.getState().runAndWait(code);
        } catch (err) {
          if (!cancelled())
            setLoop({
              status: 'failed',
              diagnosis: `The run could not start: ${err instanceof Error ? err.message : String(err)}`,
            });
          return;
        }
        if (cancelled()) return;
        const failure = runFailure(summary, bodies.count(summary.runId), code);
        const last = attempts.at(-1);
        if (summary.status === 'stopped') {
          setLoop({
            status: 'stopped',
            diagnosis: 'The run was stopped, so the loop stopped too.',
          });
          return;
        }
        const decision = afterRun(failure, attempts, maxAttempts, summary.missingModule);
        if (last) last.outcome = failure ? `still failing: ${firstLine(failure)}` : 'runs';
        if (decision.action === 'fixed') {
          setLoop({
            status: 'fixed',
            diagnosis:
              attempts.length === 0
                ? 'The script runs as it is: nothing to fix.'
                : `Fixed in ${attempts.length} ${attempts.length === 1 ? 'attempt' : 'attempts'}: the script runs.`,
          });
          return;
        }
        if (decision.action === 'stop') {
          setLoop({ status: 'failed', diagnosis: decision.diagnosis });
          return;
        }
        const attempt: RepairAttemptView = {
          index: attempts.length + 1,
          failure: failure as RunFailure,
          before: code,
          after: null,
          outcome: null,
          versionId: null,
        };
        attempts.push(attempt);
        setLoop({ status: 'asking' });
        set((s) => ({
          messages: [
            ...s.messages,
            {
              id: newId(),
              role: 'notice',
              content: `Run & fix, attempt ${attempt.index}: ${firstLine(attempt.failure)}`,
              createdAt: now(),
              repairAttempt: attempt.index,
            },
          ],
        }));
        const { outcome, messageId } = await request(
          { kind: 'repair', prompt: '', script: code, failure: attempt.failure },
          attempt.index,
        );
        if (cancelled()) return;
        if (!outcome || outcome.error) {
          attempt.outcome = 'no answer';
          setLoop({
            status: 'failed',
            diagnosis: outcome?.error?.message ?? 'The model server did not answer.',
          });
          return;
        }
        const next = afterAnswer(code, outcome.state === 'complete' ? outcome.code : null);
        if (next.action === 'stop') {
          attempt.outcome = 'no usable fix';
          setLoop({ status: 'failed', diagnosis: next.diagnosis });
          return;
        }
        const fixed = outcome.code as string;
        // The user chose the loop: fixes go in directly, each as a version to revert to.
        useEditorStore.getState().replaceCode(fixed, `Repair attempt ${attempt.index}`);
        const version = addVersion(
          {
            origin: 'repair',
            prompt: `Fix: ${firstLine(attempt.failure)}`,
            model: outcome.model,
            answer: outcome.answer,
            code: fixed,
          },
          code,
        );
        attempt.after = fixed;
        attempt.versionId = version.id;
        updateMessage(messageId, { versionId: version.id });
      }
    },

    stopLoop() {
      const loop = get().loop;
      if (!isLoopBusy(loop)) return;
      loopToken += 1;
      get().stop();
      void useRuntimeStore
        .getState()
        .control('stop')
        .catch(() => undefined);
      set({
        loop: loop
          ? {
              ...loop,
              status: 'stopped',
              diagnosis: 'Stopped by you. Every applied fix is kept as a version.',
            }
          : null,
      });
    },
  };
});

function isLoopBusy(loop: RepairLoop | null): boolean {
  return loop !== null && (loop.status === 'running' || loop.status === 'asking');
}

function firstLine(failure: RunFailure): string {
  const last = failure.message.trim().split('\n').pop() ?? '';
  const text = last.length > 140 ? `${last.slice(0, 137)}…` : last;
  return failure.line !== null ? `${text} (line ${failure.line})` : text;
}

/** The host's opening of the current project, and the revision last read or saved. */
let opening: { projectId: string; revision: string; refused: boolean } | null = null;
/** Saves run one after another, each based on the revision the one before wrote. */
let saving: Promise<void> = Promise.resolve();

function scheduleSave(): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void saveNow(), 400);
}

function saveNow(): Promise<void> {
  saveTimer = null;
  saving = saving.then(saveOnce);
  return saving;
}

async function saveOnce(): Promise<void> {
  const current = opening;
  if (!platform || !current || current.refused) return;
  const s = useChatStore.getState();
  try {
    const result = await platform.invoke('projects.save', {
      projectId: current.projectId,
      baseRevision: current.revision,
      snapshot: {
        script: useEditorStore.getState().getCode(),
        versions: s.versions,
        currentVersionId: s.currentVersionId,
        conversation: s.messages,
      },
    });
    if (result.status === 'saved') {
      current.revision = result.revision;
    } else {
      // Another window saved this script's chat: never write over it silently.
      current.refused = true;
      useChatStore.setState({
        loadProblem: `${result.conflict.message} This window's chat is not saved from now on.`,
      });
    }
  } catch (err) {
    console.warn('the conversation could not be saved:', err);
  }
}

/** Moves to another project's conversation (a script opened or saved under a new name). */
export async function switchProject(projectKey: string): Promise<void> {
  const s = useChatStore.getState();
  if (s.projectKey === projectKey) return;
  if (saveTimer) {
    clearTimeout(saveTimer);
    await saveNow();
  }
  s.stop();
  s.stopLoop();
  useChatStore.setState({
    projectKey,
    messages: [],
    versions: [],
    currentVersionId: null,
    proposal: null,
    loop: null,
    loadProblem: null,
  });
  await loadConversation(projectKey);
}

/** Where this browser (or app) remembers its untitled project, to find it after a reload. */
const UNTITLED_PROJECT_KEY = 'twinforge.chat.untitledProject';

/**
 * This browser's untitled project when nobody else has it open (a reload finds its chat
 * again; a second tab gets one of its own), else a new one.
 */
async function openUntitled(host: PlatformHost): Promise<OpenedProject> {
  const path = storedUntitledPath();
  if (path) {
    const reopened = await host.invoke('projects.open', { path }).catch(() => null);
    if (reopened && reopened.openElsewhere.length === 0) return reopened;
    if (reopened) {
      void host
        .invoke('projects.close', { projectId: reopened.project.projectId })
        .catch(() => undefined);
    }
  }
  const created = await host.invoke('projects.new', {});
  try {
    if (created.project.path) localStorage.setItem(UNTITLED_PROJECT_KEY, created.project.path);
  } catch {
    // Storage disabled: the chat is still saved, just not found again after a reload.
  }
  return created;
}

function storedUntitledPath(): string | null {
  try {
    return localStorage.getItem(UNTITLED_PROJECT_KEY);
  } catch {
    return null;
  }
}

/** Opens the project of `projectKey` on the host: a script's path, or a new untitled one. */
async function loadConversation(projectKey: string): Promise<void> {
  if (!platform) return;
  const host = platform;
  const previous = opening;
  opening = null;
  if (previous) {
    void host.invoke('projects.close', { projectId: previous.projectId }).catch(() => undefined);
  }
  try {
    const opened =
      projectKey === 'untitled'
        ? await openUntitled(host)
        : await host.invoke('projects.open', { path: projectKey });
    if (useChatStore.getState().projectKey !== projectKey) {
      void host
        .invoke('projects.close', { projectId: opened.project.projectId })
        .catch(() => undefined);
      return;
    }
    opening = { projectId: opened.project.projectId, revision: opened.revision, refused: false };
    useChatStore.setState({
      messages: opened.state.conversation,
      versions: opened.state.versions,
      currentVersionId: opened.state.currentVersionId,
      loadProblem: opened.problems.join(' ') || null,
    });
  } catch (err) {
    useChatStore.setState({
      loadProblem: `The saved conversation could not be loaded: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
}

/** Connects the chat to the host's events and to the editor's file; returns a disposer. */
export function connectChat(host: PlatformHost): () => void {
  platform = host;
  const offs = [
    host.on('llm.token', ({ requestId, content, thinking }) =>
      batchers.get(requestId)?.push(content, thinking),
    ),
    host.on('runtime.message', ({ runId, message }) => {
      if (message.type === 'scene') bodies.onScene(runId, message as SceneMessage);
    }),
    useEditorStore.subscribe((s, prev) => {
      if (s.filePath !== prev.filePath) void switchProject(s.filePath ?? 'untitled');
    }),
  ];
  const key = useEditorStore.getState().filePath ?? 'untitled';
  useChatStore.setState({ projectKey: key });
  void loadConversation(key);
  return () => {
    offs.forEach((off) => off());
    if (platform === host) platform = null;
  };
}

/** Clears the store between tests. */
export function resetChatStore(): void {
  loopToken += 1;
  batchers.clear();
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  opening = null;
  useChatStore.setState({
    projectKey: 'untitled',
    messages: [],
    versions: [],
    currentVersionId: null,
    streaming: null,
    proposal: null,
    loop: null,
    loadProblem: null,
  });
}
