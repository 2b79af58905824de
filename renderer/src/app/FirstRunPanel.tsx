// Getting started: checks the Python runtime and the model server and, for what is
// missing, lists the steps that fix it. Shown on first start; reopened from Help.
import { useProbeStore } from '../features/runtime/probe-store';
import { RuntimeSetupCard } from '../features/runtime-setup/RuntimeSetupCard';
import { Dialog } from '../ui/Dialog';
import { setupChecks } from './first-run';
import { useLlmStatus } from './llm-status';
import { useUi } from './ui-store';
import './first-run.css';

export const FIRST_RUN_KEY = 'twinforge.firstRun.dismissed';

export function firstRunDismissed(): boolean {
  try {
    return localStorage.getItem(FIRST_RUN_KEY) === '1';
  } catch {
    return false;
  }
}

export function FirstRunPanel({ onClose }: { onClose(): void }) {
  const probe = useProbeStore((s) => s.probe);
  const probeError = useProbeStore((s) => s.probeError);
  const probing = useProbeStore((s) => s.probing);
  const refreshProbe = useProbeStore((s) => s.refresh);
  const llm = useLlmStatus((s) => s.status);
  const llmUnknown = useLlmStatus((s) => s.unknownReason);
  const llmChecking = useLlmStatus((s) => s.checking);
  const refreshLlm = useLlmStatus((s) => s.refresh);
  // Help > Simulation Runtime opens this panel at the runtime card.
  const focus = useUi((s) => s.settingsFocus);
  const checks = setupChecks(probe, probeError, llm, llmUnknown);
  const ready = checks.every((c) => c.state === 'ok');

  const dismiss = () => {
    try {
      localStorage.setItem(FIRST_RUN_KEY, '1');
    } catch {
      // Without storage the panel simply shows again next time.
    }
    onClose();
  };

  return (
    <Dialog
      title="Getting started"
      testId="first-run"
      onClose={dismiss}
      wide
      footer={
        <>
          <button
            type="button"
            className="button"
            disabled={probing || llmChecking}
            onClick={() => void Promise.all([refreshProbe(), refreshLlm()])}
          >
            {probing || llmChecking ? 'Checking…' : 'Check again'}
          </button>
          <span className="spacer" />
          <button type="button" className="button primary" onClick={dismiss}>
            {ready ? 'Start' : 'Continue anyway'}
          </button>
        </>
      }
    >
      <p className="muted">
        TwinForge needs a Python with PyChrono 9.0.1 to run twins and a local model server (Ollama)
        to write them. {ready ? 'Everything is in place.' : 'What is missing, and how to get it:'}
      </p>
      <ol className="setup-checks">
        {checks.map((check) => (
          <li
            key={check.id}
            className={`setup-check setup-${check.state}`}
            data-check={check.id}
            data-state={check.state}
          >
            <div className="setup-head">
              <span className="setup-icon" aria-hidden="true">
                {check.state === 'ok' ? '✓' : check.state === 'missing' ? '✗' : '?'}
              </span>
              <strong>{check.title}</strong>
              <span className="setup-detail">{check.detail}</span>
            </div>
            {check.steps.length > 0 && (
              <ol className="setup-steps">
                {check.steps.map((step, i) => (
                  <li key={i}>
                    {step.text}
                    {step.command && <code className="command">{step.command}</code>}
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ol>
      <RuntimeSetupCard
        onOpenSettings={(section) => useUi.getState().openDialog('settings', section)}
        scrollIntoView={focus === 'runtime'}
      />
    </Dialog>
  );
}
