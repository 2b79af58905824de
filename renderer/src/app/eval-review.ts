// A cell of an evaluation opened in the review: the model's answer becomes the twin (a new
// project of its own, so the open one is left as it is) and the turn's truthN.py the
// reference, and the review opens over the workspace.
import { confirmDiscard } from '../features/editor/script-files';
import { claimReviewRequest, onReviewRequest } from '../features/eval/open-review';
import { newProject, useProjectStore } from '../features/project/project-store';
import { useReviewStore } from '../features/review/review-store';
import { useNotifications } from '../ui/notifications';
import { useUi } from './ui-store';

export function connectEvalReview(): () => void {
  // The origin belongs to the project made for the cell: another project is the user's own.
  let cellProject: string | null = null;
  const offProject = useProjectStore.subscribe((s) => {
    if (cellProject && s.info?.projectId !== cellProject) {
      cellProject = null;
      useReviewStore.getState().setOrigin(null);
    }
  });
  const offRequests = onReviewRequest((request) => {
    if (!confirmDiscard('review the evaluation cell')) return;
    void (async () => {
      try {
        await newProject(request.twin.script, request.title);
        cellProject = useProjectStore.getState().info?.projectId ?? null;
        useReviewStore.getState().setReference({
          kind: 'file',
          name: request.reference.label,
          path: request.reference.path,
          text: request.reference.script,
        });
        useReviewStore.getState().setOrigin({ title: request.title, badges: request.badges });
        claimReviewRequest();
        useUi.getState().closeDialog();
        useReviewStore.getState().setOpen(true);
      } catch (error) {
        useNotifications
          .getState()
          .notify(
            'error',
            `The cell could not be opened for review: ${error instanceof Error ? error.message : String(error)}`,
          );
      }
    })();
  });
  return () => {
    offRequests();
    offProject();
  };
}
