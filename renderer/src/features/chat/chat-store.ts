// The chat: the conversation with the model, the answer being streamed, and the proposal
// under review. The editor changes only through acceptProposal, which also records the
// change as a version of the twin. The repair loop (repair-store.ts) streams its answers
// into the same conversation and ends with a proposal too.
import { create } from 'zustand';
import type {
  ChatOutcome,
  ChatRequest,
  ConversationMessage,
  GroundingReport,
  TwinVersion,
} from '../../../../electron/common/contract/llm';
import type { PlatformHost } from '../../platform/types';
import { useEditorStore } from '../editor/editor-store';
import { hasRealScript, newId, useVersionsStore } from '../project/versions-store';
import { useSettingsStore } from '../settings/settings-store';
import { TokenBatcher } from './token-batcher';

export interface StreamingAnswer {
  requestId: string;
  messageId: string;
  content: string;
  thinking: string;
}

export interface Proposal {
  /** What the change is: a model answer, a repair loop's fix, or lint fixes. */
  origin: Extract<TwinVersion['origin'], 'chat' | 'repair'> | 'lint';
  /** The assistant message it came from, if any. */
  messageId: string | null;
  /** The editor's script when the proposal was made. */
  original: string;
  proposed: string;
  prompt: string;
  model: string | null;
  answer: string | null;
}

export interface ChatState {
  messages: ConversationMessage[];
  streaming: StreamingAnswer | null;
  proposal: Proposal | null;
  /** A problem loading the saved conversation, shown once. */
  loadProblem: string | null;
  /** What the user is typing in the composer (kept here so a crash backup holds it). */
  draft: string;
  setDraft(text: string): void;

  send(prompt: string): Promise<void>;
  stop(): void;
  newChat(): void;
  /** Offers a change for review (the diff opens over the workspace). */
  propose(proposal: Proposal): void;
  /** Puts `code` (the reviewed script) in the editor as a new version. */
  acceptProposal(code: string): void;
  rejectProposal(): void;
  /** A notice line in the conversation (the repair loop's steps). */
  addNotice(content: string, repairAttempt?: number): void;
  /** An answer the host streams on its own (a repair): shown as it arrives. */
  beginAnswer(requestId: string, model: string | null, repairAttempt?: number): void;
  endAnswer(requestId: string, final: Partial<ConversationMessage>): void;
}

let platform: PlatformHost | null = null;
/** The twin's latest run, told to the model with the next request (set by connectChat). */
let lastRun: () => string | null = () => null;
/** Token batchers of the answers being streamed, by request id. */
const batchers = new Map<string, TokenBatcher>();

const now = () => new Date().toISOString();

function requireHost(): PlatformHost {
  if (!platform) throw new Error('Not connected to the TwinForge host');
  return platform;
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

const initialChat = {
  messages: [] as ConversationMessage[],
  streaming: null,
  proposal: null,
  loadProblem: null,
  draft: '',
};

export const useChatStore = create<ChatState>((set, get) => {
  function updateMessage(id: string, patch: Partial<ConversationMessage>) {
    set((s) => ({ messages: s.messages.map((m) => (m.id === id ? { ...m, ...patch } : m)) }));
  }

  function startStreaming(requestId: string, message: ConversationMessage) {
    set((s) => ({
      messages: [...s.messages, message],
      streaming: { requestId, messageId: message.id, content: '', thinking: '' },
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
  }

  function stopStreaming(requestId: string) {
    batchers.get(requestId)?.drain();
    batchers.delete(requestId);
    if (get().streaming?.requestId === requestId) set({ streaming: null });
  }

  /** Sends one request and streams its answer into a new assistant message. */
  async function request(
    params: Omit<ChatRequest, 'requestId' | 'history'> & { history?: ChatRequest['history'] },
  ): Promise<{ outcome: ChatOutcome | null; messageId: string }> {
    const requestId = newId();
    const messageId = newId();
    const model = params.model || useSettingsStore.getState().settings?.model || null;
    startStreaming(requestId, {
      id: messageId,
      role: 'assistant',
      content: '',
      model,
      createdAt: now(),
    });
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
        notice:
          [error?.message, outcome.notice, outcome.grounding?.problem].filter(Boolean).join(' ') ||
          undefined,
        errorKind: error?.kind,
        grounding: groundingSentence(outcome.grounding) ?? undefined,
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
      stopStreaming(requestId);
    }
    return { outcome, messageId };
  }

  return {
    ...initialChat,

    setDraft(text) {
      set({ draft: text });
    },

    async send(prompt) {
      const text = prompt.trim();
      if (!text || get().streaming) return;
      const code = useEditorStore.getState().getCode();
      const history = historyFor(get().messages);
      const user: ConversationMessage = {
        id: newId(),
        role: 'user',
        content: text,
        createdAt: now(),
      };
      set((s) => ({ messages: [...s.messages, user], proposal: null }));
      const ground = useSettingsStore.getState().settings?.groundRequests ?? true;
      const { outcome, messageId } = await request({
        kind: 'write',
        prompt: text,
        script: hasRealScript(code) ? code : null,
        history,
        ...(ground ? { grounding: { runId: lastRun(), api: true } } : {}),
      });
      // Only a whole answer is offered for the editor; a cut one keeps its text in the chat.
      if (!outcome?.code || outcome.state !== 'complete' || outcome.truncation.length > 0) return;
      const original = useEditorStore.getState().getCode();
      if (outcome.code.trim() === original.trim()) {
        updateMessage(messageId, { notice: "The answer's script is the same as the editor's." });
        return;
      }
      get().propose({
        origin: 'chat',
        messageId,
        original,
        proposed: outcome.code,
        prompt: text,
        model: outcome.model,
        answer: outcome.answer,
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
      // Versions belong to the twin, not to the chat: they stay.
      set({ messages: [], proposal: null, loadProblem: null });
    },

    propose(proposal) {
      set({ proposal });
    },

    acceptProposal(code) {
      const proposal = get().proposal;
      if (!proposal) return;
      const editor = useEditorStore.getState();
      const before = editor.getCode();
      set({ proposal: null });
      if (code === before) return;
      const label =
        proposal.origin === 'chat'
          ? `Model answer: ${proposal.prompt.slice(0, 48)}`
          : proposal.origin === 'repair'
            ? 'Repair'
            : 'Lint fixes';
      editor.replaceCode(code, label);
      const version = useVersionsStore.getState().add(
        {
          // A lint fix is the user's own change, made through a tool.
          origin: proposal.origin === 'lint' ? 'manual' : proposal.origin,
          prompt: proposal.prompt,
          model: proposal.model,
          answer: proposal.answer,
          code,
        },
        before,
      );
      if (proposal.messageId) updateMessage(proposal.messageId, { versionId: version.id });
    },

    rejectProposal() {
      set({ proposal: null });
    },

    addNotice(content, repairAttempt) {
      set((s) => ({
        messages: [
          ...s.messages,
          {
            id: newId(),
            role: 'notice',
            content,
            createdAt: now(),
            ...(repairAttempt !== undefined ? { repairAttempt } : {}),
          },
        ],
      }));
    },

    beginAnswer(requestId, model, repairAttempt) {
      startStreaming(requestId, {
        id: newId(),
        role: 'assistant',
        content: '',
        model,
        createdAt: now(),
        ...(repairAttempt !== undefined ? { repairAttempt } : {}),
      });
    },

    endAnswer(requestId, final) {
      const streaming = get().streaming;
      if (streaming?.requestId !== requestId) return;
      batchers.get(requestId)?.drain();
      const content = get().streaming?.content ?? '';
      updateMessage(streaming.messageId, { content, state: 'complete', ...final });
      stopStreaming(requestId);
    },
  };
});

/** The message an answer being streamed for `requestId` goes to, if any. */
export function streamingMessageId(requestId: string): string | null {
  const streaming = useChatStore.getState().streaming;
  return streaming?.requestId === requestId ? streaming.messageId : null;
}

/** What a request was grounded in, as the conversation says it; null when in nothing. */
export function groundingSentence(report: GroundingReport | null): string | null {
  if (!report) return null;
  const parts: string[] = [];
  if (report.runId) parts.push('what the last run did');
  const names = report.classes.map((c) => c.split('.').pop() ?? c);
  if (names.length > 0) {
    const shown = names.slice(0, 4).join(', ');
    const more = names.length > 4 ? ` and ${names.length - 4} more` : '';
    parts.push(`the installed API of ${shown}${more}`);
  }
  return parts.length > 0 ? `Told the model ${parts.join(' and ')}.` : null;
}

/**
 * Connects the chat to the host. `twinRun` gives the twin's latest run (its id), whose
 * summary goes with the next request when grounding is on.
 */
export function connectChat(
  host: PlatformHost,
  twinRun: () => string | null = () => null,
): () => void {
  platform = host;
  lastRun = twinRun;
  const off = host.on('llm.token', ({ requestId, content, thinking }) =>
    batchers.get(requestId)?.push(content, thinking),
  );
  return () => {
    off();
    if (platform === host) {
      platform = null;
      lastRun = () => null;
    }
  };
}

/** Clears the store between tests. */
export function resetChatStore(): void {
  batchers.clear();
  useChatStore.setState({ ...initialChat });
}
