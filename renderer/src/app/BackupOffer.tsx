// Work a session that ended left unsaved (a crash, a kill, a closed tab): offered back on
// start until restored or discarded. The newest few are shown; older ones fold behind one
// line, so a pile of them never buries the workspace.
import { useState } from 'react';
import type { BackupInfo } from '../../../electron/common/contract/projects';
import { useNotifications } from '../ui/notifications';
import { discardBackup, restoreBackup, useLeftBackups } from './project-sync';

/** Rows shown before the rest fold away. */
const SHOWN = 3;

export function BackupOffer() {
  const backups = useLeftBackups((s) => s.backups);
  const [expanded, setExpanded] = useState(false);
  if (backups.length === 0) return null;
  const newestFirst = [...backups].sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  const shown = expanded ? newestFirst : newestFirst.slice(0, SHOWN);
  const folded = newestFirst.length - shown.length;
  return (
    <div
      className={`project-notices backup-offer ${expanded ? 'is-expanded' : ''}`}
      data-testid="backup-offer"
    >
      {shown.map((b) => (
        <BackupRow key={b.id} backup={b} />
      ))}
      {(folded > 0 || expanded) && newestFirst.length > SHOWN && (
        <div className="project-notice backup-more">
          <span>
            {expanded
              ? `${newestFirst.length} backups of unsaved work.`
              : `${folded} older ${folded === 1 ? 'backup' : 'backups'} of unsaved work.`}
          </span>
          <button type="button" className="button" onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Show fewer' : 'Show all'}
          </button>
          <button
            type="button"
            className="button"
            data-testid="backup-discard-older"
            onClick={() => {
              for (const b of newestFirst.slice(SHOWN)) void discardBackup(b.id);
              setExpanded(false);
            }}
          >
            Discard older
          </button>
        </div>
      )}
    </div>
  );
}

function BackupRow({ backup: b }: { backup: BackupInfo }) {
  const notifyError = (error: unknown) =>
    useNotifications
      .getState()
      .notify(
        'error',
        `The backup could not be restored: ${error instanceof Error ? error.message : String(error)}`,
      );
  return (
    <div className="project-notice" role="alert" data-testid="backup-row">
      <span className="backup-text">
        Unsaved work from {new Date(b.savedAt).toLocaleString()}
        {b.project ? ` in ${b.project.name}` : ''}: <code>{b.preview.slice(0, 80)}</code>
      </span>
      <button
        type="button"
        className="button primary"
        data-testid="backup-restore"
        onClick={() => void restoreBackup(b.id).catch(notifyError)}
      >
        Restore
      </button>
      <button type="button" className="button" onClick={() => void discardBackup(b.id)}>
        Discard
      </button>
    </div>
  );
}
