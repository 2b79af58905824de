// The chat pane: the conversation, the answer being streamed, the composer, the model menu,
// the twin's versions, and the "Run & fix" loop (run by the host; its steps show here). The
// diff review opens over the workspace when an answer or a repair holds a script.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSettingsStore } from '../settings/settings-store';
import { registerAction } from '../../commands/action-registry';
import { useEditorStore } from '../editor/editor-store';
import { useVersionsStore } from '../project/versions-store';
import { useChatStore } from './chat-store';
import { ProposalDiff } from '../editor/diff/ProposalDiff';
import { MessageView, StreamingView } from './MessageView';
import { ModelDialog } from './ModelDialog';
import { isLoopBusy, useRepairStore, type RepairLoopView } from './repair-store';
import { VersionsDialog } from './VersionsDialog';
import './chat.css';

type Open =
  | { kind: 'models'; pull?: string }
  | { kind: 'versions'; id?: string; mode?: 'open' | 'changes' }
  | null;

export function ChatPanel() {
  const messages = useChatStore((s) => s.messages);
  const streaming = useChatStore((s) => s.streaming);
  const proposal = useChatStore((s) => s.proposal);
  const loop = useRepairStore((s) => s.loop);
  const loadProblem = useChatStore((s) => s.loadProblem);
  const versions = useVersionsStore((s) => s.versions.length);
  const model = useSettingsStore((s) => s.settings?.model ?? '');
  const [open, setOpen] = useState<Open>(null);
  const draft = useChatStore((s) => s.draft);
  const setDraft = useChatStore((s) => s.setDraft);
  const list = useRef<HTMLDivElement>(null);
  // Stable handlers, so finished messages are not re-rendered while an answer streams.
  const offerPull = useCallback((name: string) => setOpen({ kind: 'models', pull: name }), []);
  const openVersion = useCallback((id: string) => setOpen({ kind: 'versions', id }), []);

  useEffect(() => {
    const disposers = [
      registerAction({
        id: 'chat.new',
        run: () => useChatStore.getState().newChat(),
      }),
      registerAction({
        id: 'chat.models',
        run: () => setOpen({ kind: 'models' }),
      }),
      registerAction({
        id: 'chat.pull',
        run: () => setOpen({ kind: 'models', pull: '' }),
      }),
      registerAction({
        id: 'chat.versions',
        run: () => setOpen({ kind: 'versions' }),
      }),
      registerAction({
        id: 'chat.runAndFix',
        run: () => useRepairStore.getState().runAndFix(),
      }),
      registerAction({
        id: 'chat.stop',
        run: () => {
          useChatStore.getState().stop();
          useRepairStore.getState().stopLoop();
        },
      }),
    ];
    return () => disposers.forEach((d) => d());
  }, []);

  // Follow the conversation as it grows, unless the user scrolled up to read.
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 120;
    if (nearBottom) el.scrollTop = el.scrollHeight;
  }, [messages, streaming?.content, streaming?.thinking]);

  const busy = streaming !== null;
  const loopBusy = isLoopBusy(loop);
  const submit = () => {
    if (!draft.trim() || busy || loopBusy) return;
    void useChatStore.getState().send(draft);
    setDraft('');
  };

  return (
    <div className="chat-panel">
      <div className="chat-toolbar">
        <button
          type="button"
          className="tool-button chat-model-button"
          onClick={() => setOpen({ kind: 'models' })}
          data-testid="chat-model-button"
          title="Models"
        >
          {model || 'Choose a model'} ▾
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="tool-button"
          onClick={() => setOpen({ kind: 'versions' })}
          data-testid="chat-versions"
          disabled={versions === 0}
        >
          Versions{versions > 0 ? ` (${versions})` : ''}
        </button>
        {loopBusy ? (
          <button
            type="button"
            className="tool-button"
            onClick={() => useRepairStore.getState().stopLoop()}
            data-testid="chat-stop-loop"
          >
            Stop fixing
          </button>
        ) : (
          <button
            type="button"
            className="tool-button"
            onClick={() => void useRepairStore.getState().runAndFix()}
            disabled={busy || proposal !== null}
            data-testid="chat-run-fix"
            title="Run the script; if it fails, ask the model for a fix and run again"
          >
            Run &amp; fix
          </button>
        )}
        <button
          type="button"
          className="tool-button"
          onClick={() => useChatStore.getState().newChat()}
          data-testid="chat-new"
          title="New chat"
        >
          New
        </button>
      </div>
      <div className="chat-messages" ref={list} data-testid="chat-messages" aria-live="polite">
        {loadProblem && <div className="chat-answer-notice">{loadProblem}</div>}
        {messages.length === 0 && !streaming && (
          <div className="chat-empty">
            Describe the system you want to simulate, e.g. “a double pendulum with a spherical
            joint”. The answer’s script is offered as a change to review before it reaches the
            editor.
          </div>
        )}
        {messages.map((m) =>
          streaming?.messageId === m.id ? null : (
            <MessageView key={m.id} message={m} onPull={offerPull} onOpenVersion={openVersion} />
          ),
        )}
        {streaming && <StreamingView content={streaming.content} thinking={streaming.thinking} />}
        {loop && <RepairView loop={loop} />}
      </div>
      <form
        className="chat-composer"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <textarea
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
          placeholder={busy ? 'The model is answering…' : 'Describe the twin, or what to change'}
          aria-label="Message to the model"
          data-testid="chat-input"
          rows={3}
        />
        {busy ? (
          <button
            type="button"
            className="button"
            onClick={() => useChatStore.getState().stop()}
            data-testid="chat-stop"
          >
            Stop
          </button>
        ) : (
          <button
            type="submit"
            className="button primary"
            disabled={!draft.trim() || loopBusy}
            data-testid="chat-send"
          >
            Send
          </button>
        )}
      </form>
      {proposal && (
        <ProposalDiff
          proposal={proposal}
          onApply={(code) => useChatStore.getState().acceptProposal(code)}
          onReject={() => useChatStore.getState().rejectProposal()}
        />
      )}
      {open?.kind === 'models' && (
        <ModelDialog onClose={() => setOpen(null)} initialPull={open.pull ?? ''} />
      )}
      {open?.kind === 'versions' && (
        <VersionsDialog
          onClose={() => setOpen(null)}
          initial={open.id ?? null}
          initialMode={open.mode ?? 'open'}
        />
      )}
    </div>
  );
}

const LOOP_STATUS: Record<RepairLoopView['status'], string> = {
  running: 'Running the script…',
  asking: 'Asking the model for a fix…',
  runs: 'Runs',
  fixed: 'Fixed',
  failed: 'Stopped without a fix',
  stopped: 'Stopped',
};

/** Offers one attempt's fix for review against the editor's script. */
function reviewAttempt(after: string, index: number): void {
  const original = useEditorStore.getState().getCode();
  if (after === original) return;
  useChatStore.getState().propose({
    origin: 'repair',
    messageId: null,
    original,
    proposed: after,
    prompt: `Run & fix, attempt ${index}`,
    model: null,
    answer: null,
  });
}

function RepairView({ loop }: { loop: RepairLoopView }) {
  const canReview = !isLoopBusy(loop) && loop.result?.script && loop.status !== 'runs';
  return (
    <section
      className="chat-repair"
      data-testid="repair-loop"
      data-status={loop.status}
      aria-label="Run and fix"
    >
      <header>
        <strong>Run &amp; fix</strong> · {LOOP_STATUS[loop.status]}
        <span className="muted"> · up to {loop.maxAttempts} attempts</span>
      </header>
      <ol>
        {loop.attempts.map((a) => (
          <li key={a.index} data-testid="repair-attempt">
            <div>
              Attempt {a.index}: <code>{a.failure.message.trim().split('\n').pop()}</code>
              {a.failure.line !== null && <span className="muted"> (line {a.failure.line})</span>}
            </div>
            <div className="muted">
              {a.outcome ?? (a.after ? 'fix proposed, running it…' : 'waiting for the model…')}
              {a.after && !isLoopBusy(loop) && (
                <>
                  {' · '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => reviewAttempt(a.after as string, a.index)}
                  >
                    review this fix
                  </button>
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
      {loop.diagnosis && (
        <p className="chat-repair-diagnosis" data-testid="repair-diagnosis">
          {loop.diagnosis}
        </p>
      )}
      {canReview && (
        <button
          type="button"
          className="button"
          data-testid="repair-review"
          onClick={() => useRepairStore.getState().reviewResult()}
        >
          {loop.status === 'fixed' ? 'Review the fix' : 'Review the last try'}
        </button>
      )}
    </section>
  );
}
