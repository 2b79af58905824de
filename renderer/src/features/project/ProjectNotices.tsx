// What the user must hear about the open project, above the panes: what could not be read,
// another window or browser that has it open, a save refused because someone else saved,
// a save that failed, and (for a plain script) the offer to make it a project.
import { useState } from 'react';
import { reloadProject, saveProject, useProjectStore } from './project-store';
import './project.css';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString() : 'just now');

export function ProjectNotices({ onSaveAs }: { onSaveAs(): void }) {
  const problems = useProjectStore((s) => s.problems);
  const elsewhere = useProjectStore((s) => s.openElsewhere);
  const conflict = useProjectStore((s) => s.conflict);
  const changed = useProjectStore((s) => s.changedElsewhere);
  const saveError = useProjectStore((s) => s.saveError);
  const offer = useProjectStore((s) => s.offerSaveAsProject && s.info?.kind === 'script');
  const dismiss = useProjectStore((s) => s.dismissProblems);
  const [offerDismissed, setOfferDismissed] = useState(false);

  return (
    <div className="project-notices" data-testid="project-notices">
      {conflict && (
        <div className="project-notice bad" role="alert" data-testid="project-conflict">
          <span>
            Not saved: {conflict.message} Nothing was written, so both versions are intact.
          </span>
          <button
            type="button"
            className="button"
            onClick={() => void saveProject({ withScript: true, overwrite: true })}
          >
            Overwrite theirs
          </button>
          <button type="button" className="button" onClick={() => void reloadProject()}>
            Reload theirs
          </button>
          <button type="button" className="button" onClick={onSaveAs}>
            Save mine as…
          </button>
        </div>
      )}
      {!conflict && changed && (
        <div className="project-notice" role="status" data-testid="project-changed">
          <span>
            {changed.savedBy.label} saved this project at {time(changed.savedAt)}.
          </span>
          <button type="button" className="button" onClick={() => void reloadProject()}>
            Reload
          </button>
          <button
            type="button"
            className="button"
            onClick={() => useProjectStore.setState({ changedElsewhere: null })}
          >
            Keep mine
          </button>
        </div>
      )}
      {saveError && (
        <div className="project-notice bad" role="alert">
          <span>
            The project could not be saved: {saveError}. Your work is kept in this window.
          </span>
          <button type="button" className="button" onClick={() => void saveProject()}>
            Try again
          </button>
        </div>
      )}
      {(problems.length > 0 || elsewhere.length > 0) && (
        <div className="project-notice" role="status" data-testid="project-problems">
          <span>
            {elsewhere.map((e) => `Also open in ${e.by} since ${time(e.since)}. `).join('')}
            {problems.join(' ')}
          </span>
          <button type="button" className="button" onClick={dismiss}>
            OK
          </button>
        </div>
      )}
      {offer && !offerDismissed && (
        <div className="project-notice" role="status" data-testid="project-offer">
          <span>
            This script is open on its own: its versions and chat are kept by TwinForge. Save it as
            a project to keep them with the script in one folder.
          </span>
          <button type="button" className="button" onClick={onSaveAs}>
            Save as a project…
          </button>
          <button type="button" className="button" onClick={() => setOfferDismissed(true)}>
            Not now
          </button>
        </div>
      )}
    </div>
  );
}
