// One message of the chat. A finished answer is rendered once (Markdown, sanitised) and its
// code blocks are highlighted by Monaco's colorizer and get a copy button; the answer being
// streamed is re-rendered once per animation frame, without highlighting.
import { memo, useEffect, useMemo, useRef } from 'react';
import type { ConversationMessage } from '../../../../electron/common/contract/llm';
import { monaco } from '../editor/monaco';
import { codeLanguage, renderMarkdown } from './markdown';

export const MessageView = memo(function MessageView({
  message,
  onPull,
  onOpenVersion,
}: {
  message: ConversationMessage;
  onPull?: (model: string) => void;
  onOpenVersion?: (id: string) => void;
}) {
  if (message.role === 'user') {
    return (
      <div className="chat-message chat-user" data-testid="chat-message-user">
        <div className="chat-bubble">{message.content}</div>
      </div>
    );
  }
  if (message.role === 'notice') {
    return (
      <div className="chat-message chat-notice-line" data-testid="chat-message-notice">
        {message.content}
      </div>
    );
  }
  return (
    <div
      className="chat-message chat-assistant"
      data-testid="chat-message-assistant"
      data-state={message.state}
    >
      {message.thinking && <Thinking text={message.thinking} />}
      {message.content && <RenderedMarkdown text={message.content} highlight />}
      {message.notice && (
        <div
          className={`chat-answer-notice ${message.state === 'error' ? 'is-error' : ''}`}
          data-testid="chat-answer-notice"
          role="status"
        >
          {message.notice}
          {message.errorKind === 'model-missing' && message.model && onPull && (
            <button
              type="button"
              className="button"
              onClick={() => onPull(message.model as string)}
            >
              Pull {message.model}
            </button>
          )}
        </div>
      )}
      <div className="chat-message-meta">
        {message.model && <span>{message.model}</span>}
        {message.state === 'stopped' && <span>stopped</span>}
        {message.grounding && (
          <span className="chat-grounding" data-testid="chat-grounding">
            {message.grounding}
          </span>
        )}
        {message.versionId && onOpenVersion && (
          <button
            type="button"
            className="link-button"
            onClick={() => onOpenVersion(message.versionId as string)}
          >
            applied as a version
          </button>
        )}
      </div>
    </div>
  );
});

export function Thinking({ text, live = false }: { text: string; live?: boolean }) {
  return (
    <details className="chat-thinking" data-testid="chat-thinking">
      <summary>{live ? 'Thinking…' : 'Thinking'}</summary>
      <div className="chat-thinking-text">{text}</div>
    </details>
  );
}

/** The answer as it streams in: plain Markdown, re-rendered at most once per frame. */
export function StreamingView({ content, thinking }: { content: string; thinking: string }) {
  return (
    <div className="chat-message chat-assistant is-streaming" data-testid="chat-streaming">
      {thinking && <Thinking text={thinking} live={!content} />}
      {content ? (
        <RenderedMarkdown text={content} />
      ) : (
        !thinking && <div className="chat-waiting">Waiting for the model…</div>
      )}
    </div>
  );
}

/** The source of each code block, kept before highlighting replaces its text with spans. */
const sources = new WeakMap<Element, string>();

function RenderedMarkdown({ text, highlight = false }: { text: string; highlight?: boolean }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = ref.current;
    if (!root || !highlight) return;
    let cancelled = false;
    root.querySelectorAll('pre').forEach((pre, index) => {
      const code = pre.querySelector('code');
      if (!code) return;
      const source = code.textContent ?? '';
      sources.set(pre, source);
      pre.dataset.index = String(index);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'chat-copy';
      button.textContent = 'Copy';
      button.dataset.copy = String(index);
      button.setAttribute('aria-label', 'Copy code');
      pre.prepend(button);
      const lang = codeLanguage(code);
      if (lang === 'python' || lang === 'py' || lang === null) {
        void monaco.editor.colorize(source, 'python', { tabSize: 4 }).then((colored) => {
          // Monaco's colorizer escapes the source and emits only spans.
          if (!cancelled) code.innerHTML = colored;
        });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [html, highlight]);

  return (
    <div
      ref={ref}
      className="chat-markdown"
      onClick={(e) => {
        const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-copy]');
        if (!button) return;
        const pre = button.closest('pre');
        const code = (pre && sources.get(pre)) ?? pre?.querySelector('code')?.textContent ?? '';
        void navigator.clipboard?.writeText(code).then(
          () => {
            button.textContent = 'Copied';
            setTimeout(() => (button.textContent = 'Copy'), 1500);
          },
          () => (button.textContent = 'Copy failed'),
        );
      }}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
