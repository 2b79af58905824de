// "Run & fix" in the chat: starts the host's repair loop on the editor's script (its runs
// play in the twin's lane, so the 3D view and console follow them), shows each step of the
// loop as it comes, streams the model's fixes into the conversation, and ends with the
// fixed script as a proposal to review: nothing reaches the editor without an accept.
import { create } from 'zustand';
import type { RunFailure } from '../../../../electron/common/contract/llm';
import type { RepairEvent, RepairResult } from '../../../../electron/common/contract/repair';
import type { PlatformHost } from '../../platform/types';
import { useEditorStore } from '../editor/editor-store';
import { useProjectStore } from '../project/project-store';
import { newId } from '../project/versions-store';
import { useSettingsStore } from '../settings/settings-store';
import { groundingSentence, useChatStore } from './chat-store';

export interface AttemptView {
  /** 1-based: the n-th repair. */
  index: number;
  failure: RunFailure;
  /** The script before and after the fix (after is null until the model answered). */
  before: string;
  after: string | null;
  outcome: string | null;
}

export interface RepairLoopView {
  requestId: string;
  status: 'running' | 'asking' | 'runs' | 'fixed' | 'failed' | 'stopped';
  attempts: AttemptView[];
  diagnosis: string | null;
  maxAttempts: number;
  /** The script the loop ends with, offered for review (null while it runs). */
  result: RepairResult | null;
}

interface RepairState {
  loop: RepairLoopView | null;
  runAndFix(): Promise<void>;
  stopLoop(): void;
  /** Offers the loop's last script for review (after a fix, or the last try of a failure). */
  reviewResult(): void;
}

let platform: PlatformHost | null = null;

export function isLoopBusy(loop: RepairLoopView | null): boolean {
  return loop !== null && (loop.status === 'running' || loop.status === 'asking');
}

export function firstLine(failure: RunFailure): string {
  const last = failure.message.trim().split('\n').pop() ?? '';
  const text = last.length > 140 ? `${last.slice(0, 137)}…` : last;
  return failure.line !== null ? `${text} (line ${failure.line})` : text;
}

export const useRepairStore = create<RepairState>((set, get) => {
  function patch(requestId: string, update: (loop: RepairLoopView) => Partial<RepairLoopView>) {
    const loop = get().loop;
    if (loop?.requestId !== requestId) return;
    set({ loop: { ...loop, ...update(loop) } });
  }

  return {
    loop: null,

    async runAndFix() {
      const chat = useChatStore.getState();
      if (!platform || chat.streaming || chat.proposal || isLoopBusy(get().loop)) return;
      const editor = useEditorStore.getState();
      const requestId = newId();
      const settings = useSettingsStore.getState().settings;
      const maxAttempts = settings?.repairAttempts ?? 3;
      set({
        loop: {
          requestId,
          status: 'running',
          attempts: [],
          diagnosis: null,
          maxAttempts,
          result: null,
        },
      });
      try {
        const result = await platform.invoke('repair.start', {
          requestId,
          script: editor.getCode(),
          scriptPath: editor.filePath,
          maxAttempts,
          lane: 'twin',
          ground: settings?.groundRequests ?? true,
          // Its runs are recorded into the open project, as the twin's own runs are.
          projectId: useProjectStore.getState().info?.projectId,
        });
        finish(requestId, result);
      } catch (error) {
        patch(requestId, () => ({
          status: 'failed',
          diagnosis: `Run & fix could not start: ${error instanceof Error ? error.message : String(error)}`,
        }));
      }
    },

    stopLoop() {
      const loop = get().loop;
      if (!loop || !isLoopBusy(loop)) return;
      void platform?.invoke('repair.cancel', { requestId: loop.requestId }).catch(() => undefined);
    },

    reviewResult() {
      const result = get().loop?.result;
      if (!result?.script) return;
      const original = useEditorStore.getState().getCode();
      if (result.script === original) return;
      const last = [...result.attempts].reverse().find((a) => a.repair)?.repair;
      useChatStore.getState().propose({
        origin: 'repair',
        messageId: null,
        original,
        proposed: result.script,
        prompt: result.diagnosis ?? 'Run & fix',
        model: last?.model ?? null,
        answer: last?.answer ?? null,
      });
    },
  };

  function finish(requestId: string, result: RepairResult) {
    patch(requestId, () => ({
      status: result.status,
      diagnosis: result.diagnosis,
      result,
    }));
    // A fix is offered at once; after a failure the user may still review the last try.
    if (result.status === 'fixed') get().reviewResult();
  }
});

/** Applies one event of the loop to the view and the conversation. */
export function applyRepairEvent(requestId: string, event: RepairEvent): void {
  const store = useRepairStore;
  const loop = store.getState().loop;
  if (loop?.requestId !== requestId) return;
  const chat = useChatStore.getState();
  const update = (next: Partial<RepairLoopView>) =>
    store.setState({ loop: { ...(store.getState().loop as RepairLoopView), ...next } });
  const attempts = [...loop.attempts];
  const last = attempts.at(-1);
  switch (event.type) {
    case 'run-start':
      update({ status: 'running' });
      break;
    case 'run-end':
      if (last && last.outcome === null) {
        last.outcome = event.failure ? `still failing: ${firstLine(event.failure)}` : 'runs';
        update({ attempts });
      }
      break;
    case 'asking': {
      attempts.push({
        index: event.attempt,
        failure: event.failure,
        before: '',
        after: null,
        outcome: null,
      });
      update({ status: 'asking', attempts });
      chat.addNotice(
        `Run & fix, attempt ${event.attempt}: ${firstLine(event.failure)}`,
        event.attempt,
      );
      chat.beginAnswer(event.chatRequestId, event.model || null, event.attempt);
      pendingAnswer = event.chatRequestId;
      break;
    }
    case 'proposal':
      if (last) {
        last.before = event.before;
        last.after = event.after;
        update({ attempts });
      }
      if (pendingAnswer) {
        const grounding = groundingSentence(event.grounding);
        chat.endAnswer(pendingAnswer, {
          content: event.answer,
          model: event.model,
          ...(grounding ? { grounding } : {}),
        });
      }
      pendingAnswer = null;
      break;
    case 'diagnosis':
      if (pendingAnswer) chat.endAnswer(pendingAnswer, {});
      pendingAnswer = null;
      if (last && last.outcome === null) last.outcome = 'no usable fix';
      update({ attempts, diagnosis: event.text });
      break;
    case 'done':
      if (pendingAnswer) chat.endAnswer(pendingAnswer, { state: 'stopped' });
      pendingAnswer = null;
      break;
    default:
      break;
  }
}

/** The repair answer being streamed into the chat, until its step ends. */
let pendingAnswer: string | null = null;

/** Connects "Run & fix" to the host's repair events; returns the disconnect. */
export function connectRepair(host: PlatformHost): () => void {
  platform = host;
  const off = host.on('repair.event', ({ requestId, event }) => applyRepairEvent(requestId, event));
  return () => {
    off();
    if (platform === host) platform = null;
  };
}

/** Clears the store between tests. */
export function resetRepairStore(): void {
  pendingAnswer = null;
  useRepairStore.setState({ loop: null });
}
