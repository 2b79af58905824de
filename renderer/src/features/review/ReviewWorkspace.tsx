// The review, in the workspace's place: the reference to attach, one Review button (both
// scripts run at once, then everything is compared), the code diff, both runs side by side
// on one timeline, and the results (scores, judge, scene diff, trajectory gap), with the
// report to export. The twin is the editor's script; the reference, the one attached.
import { useMemo, useRef, useState } from 'react';
import { Panel, PanelGroup, PanelResizeHandle } from 'react-resizable-panels';
import type { PlatformHost } from '../../platform/types';
import { useNotifications } from '../../ui/notifications';
import { useEditorStore } from '../editor/editor-store';
import { CodeDiff } from './CodeDiff';
import { GapPlot } from './GapPlot';
import { ReferencePicker, TaskPrompt } from './ReferencePicker';
import { exportReviewReport } from './report-export';
import { referenceName, useReviewStore, type TwinScript } from './review-store';
import { ReviewViews, type LaneSessions, type ViewRenderers } from './ReviewViews';
import { SceneDiffTable } from './SceneDiffTable';
import { JudgeSummary, JudgeView, SimilarityView } from './ScoresPanel';
import './review.css';

type Tab = 'scores' | 'scene' | 'gap' | 'judge';

function twinNow(): TwinScript & { name: string } {
  const editor = useEditorStore.getState();
  return { script: editor.getCode(), scriptPath: editor.filePath, name: editor.fileName };
}

export interface ReviewWorkspaceProps {
  host: PlatformHost;
  twin: LaneSessions;
  reference: LaneSessions;
}

export function ReviewWorkspace({ host, twin, reference }: ReviewWorkspaceProps) {
  const source = useReviewStore((s) => s.reference);
  const options = useReviewStore((s) => s.options);
  const setOptions = useReviewStore((s) => s.setOptions);
  const progress = useReviewStore((s) => s.progress);
  const report = useReviewStore((s) => s.report);
  const compared = useReviewStore((s) => s.compared);
  const error = useReviewStore((s) => s.error);
  const origin = useReviewStore((s) => s.origin);
  const review = useReviewStore((s) => s.review);
  const judgeAgain = useReviewStore((s) => s.judgeAgain);
  const cancel = useReviewStore((s) => s.cancel);
  const setOpen = useReviewStore((s) => s.setOpen);
  const [tab, setTab] = useState<Tab>('scores');
  const [selected, setSelected] = useState<{ twin: number | null; reference: number | null }>({
    twin: null,
    reference: null,
  });
  const renderers = useRef<ViewRenderers>({ twin: null, reference: null });
  const sessions = useMemo(() => [twin.viewer, reference.viewer], [twin, reference]);
  const running = progress?.running ?? false;
  const limits = options.simTime ? { simTime: options.simTime } : undefined;

  const select = (keys: { twin: number | null; reference: number | null }) => {
    setSelected(keys);
    twin.viewer.view.getState().select(keys.twin);
    reference.viewer.view.getState().select(keys.reference);
  };

  const exportReport = () => {
    if (!report || !compared) return;
    exportReviewReport({
      report,
      twin: {
        ...compared.twin,
        name: compared.twin.scriptPath?.split(/[\\/]/).pop() ?? twinNow().name,
      },
      reference: compared.reference,
      views: renderers.current,
    }).catch((e: unknown) =>
      useNotifications
        .getState()
        .notify(
          'error',
          `The report could not be made: ${e instanceof Error ? e.message : String(e)}`,
        ),
    );
  };

  // The judge reads the document on the host: only the desktop app's dialog gives its path
  // (a browser never reveals one; there the path is typed).
  const pickDocument = () => {
    host
      .openFile({
        title: 'The API document for the judge',
        filters: [{ name: 'Text', extensions: ['txt', 'md', 'rst'] }],
      })
      .then((picked) => {
        if (picked?.path) setOptions({ apiDocumentPath: picked.path });
      })
      .catch((e: unknown) =>
        useNotifications
          .getState()
          .notify(
            'error',
            `The document could not be chosen: ${e instanceof Error ? e.message : String(e)}`,
          ),
      );
  };

  const tabs: { id: Tab; label: string; ready: boolean }[] = [
    { id: 'scores', label: 'Scores', ready: Boolean(progress?.similarity) },
    { id: 'scene', label: 'Scene diff', ready: Boolean(progress?.scene) },
    { id: 'gap', label: 'Trajectory gap', ready: Boolean(progress?.gap) },
    { id: 'judge', label: 'Judge', ready: Boolean(progress?.judge) },
  ];

  return (
    <div className="review-workspace" data-testid="review-workspace">
      <header className="review-header">
        <button
          type="button"
          className="tool-button"
          onClick={() => setOpen(false)}
          data-testid="review-close"
        >
          ← Back to the twin
        </button>
        <ReferencePicker host={host} />
        <span className="spacer" />
        <label title="Run both scripts for the scene diff and the trajectory gap">
          <input
            type="checkbox"
            checked={options.run}
            onChange={(e) => setOptions({ run: e.currentTarget.checked })}
          />{' '}
          Run both for
        </label>
        <input
          type="number"
          className="review-simtime"
          min={0.01}
          step="any"
          value={options.simTime ?? ''}
          placeholder="setting"
          aria-label="Simulated seconds of both runs"
          disabled={!options.run}
          onChange={(e) => {
            const v = Number(e.currentTarget.value);
            setOptions({ simTime: e.currentTarget.value === '' || !(v > 0) ? null : v });
          }}
        />
        <span>s</span>
        {running && progress?.kind === 'compare' ? (
          <button type="button" className="button" onClick={cancel} data-testid="review-stop">
            Stop
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            disabled={!source || running}
            title={
              source
                ? 'Run both, then compare code, scenes, motion and scores'
                : 'Attach a reference first'
            }
            onClick={() => void review(twinNow())}
            data-testid="review-start"
          >
            Review
          </button>
        )}
        <button
          type="button"
          className="button"
          disabled={!report || running}
          onClick={exportReport}
          data-testid="review-export"
          title="Save the review as one HTML file: code diff, both views, gap plot, scene diff, scores"
        >
          Export report
        </button>
      </header>
      {origin && (
        <p className="review-origin" data-testid="review-origin">
          From the evaluation: <strong>{origin.title}</strong>
          {origin.badges.map((b) => (
            <span key={b.label} className={`review-badge ${b.state}`} title={b.title}>
              {b.label}
            </span>
          ))}
          {origin.badges.length === 0 && (
            <span className="viewer-muted">no physics contract for this task</span>
          )}
        </p>
      )}
      {error && (
        <p className="review-note" role="alert">
          {error}
        </p>
      )}
      <PanelGroup
        direction="horizontal"
        autoSaveId="twinforge.review.layout.v1"
        className="review-panels"
      >
        <Panel id="review-code" order={1} defaultSize={36} minSize={15}>
          {source ? (
            <div className="review-code-column">
              <TaskPrompt />
              <CodeDiff reference={source.text} referenceName={referenceName(source)} />
            </div>
          ) : (
            <div className="review-empty">
              <p>
                Attach the expert reference to hold the twin against: open any Python script, or
                pick a task and turn from a folder in SimBench’s layout.
              </p>
            </div>
          )}
        </Panel>
        <PanelResizeHandle className="resize-handle vertical" />
        <Panel id="review-right" order={2} defaultSize={64} minSize={30}>
          <PanelGroup direction="vertical" autoSaveId="twinforge.review.layout.right.v1">
            <Panel id="review-views" order={1} defaultSize={60} minSize={20}>
              <ReviewViews
                twin={twin}
                reference={reference}
                renderers={renderers}
                canRunReference={Boolean(source)}
                onRunTwin={() => {
                  const t = twinNow();
                  void twin.run.run(t.script, {
                    scriptPath: t.scriptPath,
                    limits,
                    label: 'the twin',
                  });
                }}
                onRunReference={() => {
                  if (!source) return;
                  void reference.run.run(source.text, {
                    scriptPath: source.path,
                    limits,
                    label: 'the reference',
                  });
                }}
              />
            </Panel>
            <PanelResizeHandle className="resize-handle horizontal" />
            <Panel id="review-results" order={2} defaultSize={40} minSize={15}>
              <section
                className="review-results"
                aria-label="Review results"
                data-testid="review-results"
              >
                <div className="pane-title tabs" role="tablist">
                  {tabs.map((t) => (
                    <button
                      key={t.id}
                      type="button"
                      role="tab"
                      aria-selected={tab === t.id}
                      className={tab === t.id ? 'tab active' : 'tab'}
                      data-testid={`review-tab-${t.id}`}
                      onClick={() => setTab(t.id)}
                    >
                      {t.label}
                      {t.ready && <span className="review-dot" aria-label="ready" />}
                    </button>
                  ))}
                  <span className="spacer" />
                  {running && (
                    <span className="viewer-muted" data-testid="review-running">
                      Reviewing…
                    </span>
                  )}
                </div>
                <div className="review-results-body" role="tabpanel">
                  {!progress && (
                    <p className="viewer-muted">
                      Press Review: both scripts run at once with the same limits, then the code,
                      the scenes and the motion are compared.
                    </p>
                  )}
                  {progress && tab === 'scores' && (
                    <div className="review-scores">
                      <SimilarityView
                        similarity={progress.similarity}
                        error={progress.similarityError}
                      />
                      <div>
                        {progress.judge ? (
                          <JudgeSummary judge={progress.judge} />
                        ) : (
                          <p className="viewer-muted">
                            {options.judge || progress.judgeStream
                              ? 'The judge is answering…'
                              : 'The rubric judge was not asked: see the Judge tab.'}
                          </p>
                        )}
                        {progress.notes.map((n) => (
                          <p key={n} className="review-note">
                            {n}
                          </p>
                        ))}
                      </div>
                    </div>
                  )}
                  {progress &&
                    tab === 'scene' &&
                    (progress.scene ? (
                      <SceneDiffTable
                        scene={progress.scene}
                        items={progress.items}
                        systems={progress.systems}
                        selected={selected}
                        onSelect={select}
                      />
                    ) : (
                      <p className="viewer-muted">
                        {running
                          ? 'The scene diff comes once both runs end.'
                          : 'No scene diff: see the notes on the Scores tab.'}
                      </p>
                    ))}
                  {progress &&
                    tab === 'gap' &&
                    (progress.gap ? (
                      <GapPlot gap={progress.gap} sessions={sessions} />
                    ) : (
                      <p className="viewer-muted">
                        {running
                          ? 'The gap comes once both runs end.'
                          : 'No trajectory gap: see the notes on the Scores tab.'}
                      </p>
                    ))}
                  {tab === 'judge' && (
                    <JudgeView
                      progress={progress}
                      canAsk={Boolean(source)}
                      onAsk={() => void judgeAgain(twinNow())}
                      onPickDocument={host.kind === 'electron' ? pickDocument : undefined}
                    />
                  )}
                </div>
              </section>
            </Panel>
          </PanelGroup>
        </Panel>
      </PanelGroup>
    </div>
  );
}
