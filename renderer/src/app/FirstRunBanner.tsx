// A one-line notice under the menu bar while the setup is incomplete: it names what is
// missing and opens the Getting Started steps. It takes space instead of covering the
// workspace, so nothing underneath is blocked.
import { useState } from 'react';
import { useProbeStore } from '../features/runtime/probe-store';
import { setupChecks } from './first-run';
import { FIRST_RUN_KEY, firstRunDismissed } from './FirstRunPanel';
import { useLlmStatus } from './llm-status';
import { useUi } from './ui-store';
import { CloseIcon } from '../ui/icons';
import './first-run.css';

export function FirstRunBanner() {
  const probe = useProbeStore((s) => s.probe);
  const probeError = useProbeStore((s) => s.probeError);
  const llm = useLlmStatus((s) => s.status);
  const llmUnknown = useLlmStatus((s) => s.unknownReason);
  const openDialog = useUi((s) => s.openDialog);
  const [dismissed, setDismissed] = useState(firstRunDismissed);
  if (dismissed) return null;
  // Wait for the runtime probe: a banner that flashes while checking helps nobody.
  if (!probe && !probeError) return null;
  const missing = setupChecks(probe, probeError, llm, llmUnknown).filter((c) => c.state !== 'ok');
  if (missing.length === 0) return null;
  const dismiss = () => {
    try {
      localStorage.setItem(FIRST_RUN_KEY, '1');
    } catch {
      // Without storage the banner shows again next time.
    }
    setDismissed(true);
  };
  return (
    <div className="first-run-banner" role="status" data-testid="first-run-banner">
      <span>
        Setup incomplete:{' '}
        {missing
          .map((c) => `${c.title} ${c.state === 'missing' ? 'missing' : 'not checked'}`)
          .join(' · ')}
      </span>
      <button type="button" className="link-button" onClick={() => openDialog('firstRun')}>
        Show the steps
      </button>
      <span className="spacer" />
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss setup notice"
        onClick={dismiss}
      >
        <CloseIcon />
      </button>
    </div>
  );
}
