// Open Project and Save As Project: folders, projects and scripts on the host (the desktop's
// own disk, or the lab machine a browser serves from), listed by the host; recent projects
// for Open; a name for Save As (".twinforge" is added).
import { useEffect, useState } from 'react';
import type { BrowseListing, RecentProject } from '../../../../electron/common/contract/projects';
import { Dialog } from '../../ui/Dialog';
import { browseProjects, recentProjects } from './project-store';
import './project.css';

export type ProjectDialogMode = 'open' | 'saveAs';

export function ProjectDialog({
  mode,
  initialName = 'twin',
  onChoose,
  onClose,
}: {
  mode: ProjectDialogMode;
  initialName?: string;
  /** The chosen path: a project or script to open, or the folder to save in (with `name`). */
  onChoose(path: string): Promise<void> | void;
  onClose(): void;
}) {
  const [listing, setListing] = useState<BrowseListing | null>(null);
  const [recent, setRecent] = useState<RecentProject[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState(initialName);
  const [busy, setBusy] = useState(false);

  const go = (dir?: string) =>
    browseProjects(dir).then(
      (l) => {
        setListing(l);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );

  useEffect(() => {
    void go();
    if (mode === 'open') {
      recentProjects().then(
        (r) => setRecent(r.projects),
        () => setRecent([]),
      );
    }
  }, [mode]);

  const choose = async (path: string) => {
    setBusy(true);
    try {
      await onChoose(path);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const target = listing
    ? `${listing.dir}/${name.trim().replace(/\.twinforge$/, '')}.twinforge`
    : '';
  return (
    <Dialog
      title={mode === 'open' ? 'Open a project' : 'Save as a project'}
      testId="project-dialog"
      onClose={onClose}
      wide
      footer={
        mode === 'saveAs' ? (
          <>
            <label className="project-name">
              Name
              <input
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                data-testid="project-name"
                aria-label="Project name"
              />
            </label>
            <span className="spacer" />
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="button primary"
              disabled={busy || !listing || !/\S/.test(name)}
              data-testid="project-save-here"
              title={target}
              onClick={() => void choose(target)}
            >
              Save here
            </button>
          </>
        ) : (
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        )
      }
    >
      {error && <p className="project-error">{error}</p>}
      {mode === 'open' && recent.length > 0 && (
        <section aria-label="Recent projects">
          <h3>Recent</h3>
          <ul className="project-list">
            {recent.map((r) => (
              <li key={r.path}>
                <button
                  type="button"
                  className="link-button"
                  data-testid="project-recent"
                  disabled={busy}
                  onClick={() => void choose(r.path)}
                >
                  {r.name}
                </button>{' '}
                <span className="muted">{r.path}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {listing && listing.roots.length > 1 && (
        <p className="project-roots" data-testid="project-roots">
          Folders this server opens:{' '}
          {listing.roots.map((root) => (
            <button
              key={root}
              type="button"
              className="link-button"
              disabled={busy || root === listing.dir}
              onClick={() => void go(root)}
            >
              {root}
            </button>
          ))}
        </p>
      )}
      {listing && (
        <section aria-label="Folders">
          <h3 className="project-where" data-testid="project-dir">
            {listing.parent && (
              <button
                type="button"
                className="tool-button"
                title="The folder above"
                onClick={() => void go(listing.parent as string)}
              >
                ↑
              </button>
            )}{' '}
            {listing.dir}
          </h3>
          <ul className="project-list">
            {listing.entries
              .filter((e) => mode === 'open' || e.kind === 'folder')
              .map((e) => (
                <li key={e.path} data-kind={e.kind}>
                  <button
                    type="button"
                    className="link-button"
                    data-testid="project-entry"
                    disabled={busy}
                    onClick={() => void (e.kind === 'folder' ? go(e.path) : choose(e.path))}
                  >
                    {e.kind === 'folder' ? '📁 ' : e.kind === 'project' ? '◆ ' : '🐍 '}
                    {e.name}
                  </button>
                </li>
              ))}
          </ul>
          {listing.truncated && <p className="muted">Not every entry is listed.</p>}
        </section>
      )}
    </Dialog>
  );
}
