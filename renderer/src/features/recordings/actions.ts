// The recordings' actions (catalogued in electron/common/actions.ts): File > Runs… and
// File > Export Run… both open the Runs dialog, which lists the runs and exports them.
import { registerAction } from '../../commands/action-registry';

/** Registers the actions; `openRuns` shows the Runs dialog. Returns the unregister. */
export function registerRecordingActions(openRuns: () => void): () => void {
  const disposers = [
    registerAction({ id: 'file.runs', run: openRuns }),
    registerAction({ id: 'file.exportRun', run: openRuns }),
  ];
  return () => disposers.forEach((dispose) => dispose());
}
