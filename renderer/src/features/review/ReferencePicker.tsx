// Attaching the reference: any Python script (the platform's file dialog), or a task of a
// folder in SimBench's layout on the host (`review.tasks`, `review.task`) and one of its
// turns, whose prompt is shown; what each turn lacks is said before it is picked.
import { useState } from 'react';
import type { PlatformHost } from '../../platform/types';
import { useNotifications } from '../../ui/notifications';
import { useEditorStore } from '../editor/editor-store';
import { confirmDiscard } from '../editor/script-files';
import { referenceName, referenceOrigin, useReviewStore } from './review-store';

function TaskChooser({ onDone }: { onDone(): void }) {
  const tasksDir = useReviewStore((s) => s.tasksDir);
  const tasks = useReviewStore((s) => s.tasks);
  const tasksError = useReviewStore((s) => s.tasksError);
  const listTasks = useReviewStore((s) => s.listTasks);
  const attachTask = useReviewStore((s) => s.attachTask);
  const [dir, setDir] = useState(tasksDir);
  const [task, setTask] = useState<string>('');
  const [turn, setTurn] = useState(1);
  const chosen = tasks?.tasks.find((t) => t.name === task) ?? tasks?.tasks[0] ?? null;
  const turnInfo = chosen?.turns.find((t) => t.turn === turn);

  return (
    <div className="review-tasks" data-testid="review-tasks">
      <form
        className="review-form"
        onSubmit={(e) => {
          e.preventDefault();
          void listTasks(dir).then(() => setTask(''));
        }}
      >
        <label className="review-wide">
          Tasks folder on the host{' '}
          <input
            type="text"
            value={dir}
            onChange={(e) => setDir(e.currentTarget.value)}
            placeholder="/path/to/simbench/tasks (or one task's folder)"
            aria-label="Tasks folder on the host"
            data-testid="review-tasks-dir"
          />
        </label>
        <button type="submit" className="button" data-testid="review-tasks-list">
          List tasks
        </button>
      </form>
      {tasksError && (
        <p className="review-note" role="alert">
          {tasksError}
        </p>
      )}
      {tasks && chosen && (
        <div className="review-form">
          <label>
            Task{' '}
            <select
              value={chosen.name}
              onChange={(e) => setTask(e.currentTarget.value)}
              aria-label="Task"
              data-testid="review-task"
            >
              {tasks.tasks.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <span role="radiogroup" aria-label="Turn">
            Turn{' '}
            {chosen.turns.map((t) => (
              <label
                key={t.turn}
                title={t.missing.length ? `Missing: ${t.missing.join(', ')}` : 'Complete'}
              >
                <input
                  type="radio"
                  name="review-turn"
                  value={t.turn}
                  checked={turn === t.turn}
                  disabled={!t.available}
                  onChange={() => setTurn(t.turn)}
                />{' '}
                {t.turn}
              </label>
            ))}
          </span>
          {turnInfo && turnInfo.missing.length > 0 && (
            <span className="viewer-muted">missing: {turnInfo.missing.join(', ')}</span>
          )}
          <button
            type="button"
            className="button primary"
            disabled={!turnInfo?.available}
            data-testid="review-task-attach"
            onClick={() =>
              void attachTask(tasks.dir, chosen.name, turn).then(() => {
                if (useReviewStore.getState().reference?.kind === 'simbench') onDone();
              })
            }
          >
            Attach
          </button>
        </div>
      )}
    </div>
  );
}

export function ReferencePicker({ host }: { host: PlatformHost }) {
  const reference = useReviewStore((s) => s.reference);
  const attachFile = useReviewStore((s) => s.attachFile);
  const setReference = useReviewStore((s) => s.setReference);
  const [choosing, setChoosing] = useState(false);

  const openFile = async () => {
    try {
      const picked = await host.openFile({
        title: 'Open the reference script',
        filters: [{ name: 'Python scripts', extensions: ['py'] }],
      });
      if (picked) attachFile(picked);
    } catch (error) {
      useNotifications
        .getState()
        .notify(
          'error',
          `The reference could not be opened: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
  };

  return (
    <div className="review-reference" data-testid="review-reference">
      <div className="review-toolbar">
        <span>Reference:</span>
        {reference ? (
          <b title={referenceOrigin(reference)} data-testid="review-reference-name">
            {reference.kind === 'simbench'
              ? `${reference.task} · turn ${reference.turn} (${referenceName(reference)})`
              : referenceName(reference)}
          </b>
        ) : (
          <span className="viewer-muted">none attached</span>
        )}
        <button
          type="button"
          className="tool-button"
          onClick={() => void openFile()}
          data-testid="review-open-reference"
        >
          Open a script…
        </button>
        <button
          type="button"
          className={`tool-button${choosing ? ' on' : ''}`}
          aria-expanded={choosing}
          onClick={() => setChoosing(!choosing)}
          data-testid="review-choose-task"
        >
          SimBench task…
        </button>
        {reference && (
          <button type="button" className="tool-button" onClick={() => setReference(null)}>
            Detach
          </button>
        )}
      </div>
      {choosing && <TaskChooser onDone={() => setChoosing(false)} />}
    </div>
  );
}

/** The attached task's prompt of its turn, and the script turns 2 and 3 start from. */
export function TaskPrompt() {
  const reference = useReviewStore((s) => s.reference);
  if (reference?.kind !== 'simbench' || (!reference.prompt && reference.startScript === null)) {
    return null;
  }
  return (
    <details className="review-prompt" open>
      <summary>
        The task’s prompt ({reference.task}, turn {reference.turn})
      </summary>
      {reference.prompt && <p data-testid="review-prompt">{reference.prompt}</p>}
      {reference.startScript !== null && (
        <button
          type="button"
          className="tool-button"
          title="SimBench gives the model this script to start turns 2 and 3 from"
          onClick={() => {
            if (
              reference.startScript === null ||
              !confirmDiscard('open the turn’s starting script')
            ) {
              return;
            }
            // One undoable change of the twin's script (Ctrl+Z brings the old one back).
            useEditorStore
              .getState()
              .replaceCode(reference.startScript, `Starting script of turn ${reference.turn}`);
          }}
        >
          Put the turn’s starting script (pyinput{reference.turn}.py) in the editor
        </button>
      )}
    </details>
  );
}
