// The Console tab: what the lane's script printed (stdout, stderr) and the run's messages,
// following the end of the output unless the user has scrolled up to read.
import { useLayoutEffect, useRef } from 'react';
import { useRunState } from './session-context';
import './console.css';

export function ConsoleView() {
  const entries = useRunState((s) => s.console);
  const ref = useRef<HTMLPreElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [entries]);

  return (
    <pre
      ref={ref}
      className="console"
      data-testid="console"
      tabIndex={0}
      aria-label="Console output"
      aria-live="off"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {entries.length === 0 ? (
        <span className="console-empty">Output of the script appears here when it runs.</span>
      ) : (
        entries.map((entry) => (
          <span key={entry.id} className={`console-${entry.kind}`}>
            {entry.text}
          </span>
        ))
      )}
    </pre>
  );
}
