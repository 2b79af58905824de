// A cell of an evaluation opened in the review: the model's answer becomes the twin (a new
// project of its own, so the open one is left as it is) and the turn's truthN.py the
// reference, and the review opens over the workspace.
import { confirmDiscard } from '../features/editor/script-files';
import { claimReviewRequest, onReviewRequest } from '../features/eval/open-review';
import { newProject } from '../features/project/project-store';
import { useReviewStore } from '../features/review/review-store';
import { useNotifications } from '../ui/notifications';
import { useUi } from './ui-store';

export function connectEvalReview(): () => void {
  return onReviewRequest((request) => {
    if (!confirmDiscard('review the evaluation cell')) return;
    void (async () => {
      try {
        await newProject(request.twin.script, request.title);
        useReviewStore.getState().setReference({
          kind: 'file',
          name: request.reference.label,
          path: request.reference.path,
          text: request.reference.script,
        });
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
}
