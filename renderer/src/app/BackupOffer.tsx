// Work a session that ended left unsaved (a crash, a kill, a closed tab): offered back on
// start, one line per backup, until restored or discarded.
import { useNotifications } from '../ui/notifications';
import { discardBackup, restoreBackup, useLeftBackups } from './project-sync';

export function BackupOffer() {
  const backups = useLeftBackups((s) => s.backups);
  if (backups.length === 0) return null;
  const notifyError = (error: unknown) =>
    useNotifications
      .getState()
      .notify(
        'error',
        `The backup could not be restored: ${error instanceof Error ? error.message : String(error)}`,
      );
  return (
    <div className="project-notices" data-testid="backup-offer">
      {backups.map((b) => (
        <div className="project-notice" role="alert" key={b.id} data-testid="backup-row">
          <span>
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
      ))}
    </div>
  );
}
