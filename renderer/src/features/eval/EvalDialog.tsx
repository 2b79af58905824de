// The evaluation panel: choose a task folder on the host, the models (from the model
// server), the turns, the attempts and a judge; start and stop; follow the progress with
// its ETA; then read the leaderboard, the grid of cells (a click opens one, and from there
// its review), the charts, and export the results. The host runs everything.
import { useEffect, useState, type ReactNode } from 'react';
import { resultsCsv } from '../../../../electron/common/eval/results-csv';
import { formatDuration } from '../../../../electron/common/eval/progress';
import { Dialog } from '../../ui/Dialog';
import { useModelStore } from '../chat/model-store';
import { CellDetail } from './CellDetail';
import { EvalCharts } from './EvalCharts';
import { CellGrid, Leaderboard } from './EvalResults';
import { isRunning, useEvalStore, type JudgeMode } from './eval-store';
import type { PlatformHost } from '../../platform/types';
import './eval.css';

type Tab = 'leaderboard' | 'grid' | 'charts';

/** A checkbox with its label, as the setup's rows of choices show them. */
function Chip({
  checked,
  onChange,
  testId,
  title,
  children,
}: {
  checked: boolean;
  onChange(checked: boolean): void;
  testId?: string;
  title?: string;
  children: ReactNode;
}) {
  return (
    <label className="eval-chip" title={title}>
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        data-testid={testId}
      />
      {children}
    </label>
  );
}

function MissingModel({ model }: { model: string }) {
  const pulls = useModelStore((s) => s.pulls);
  const pull = useModelStore((s) => s.pull);
  const p = Object.values(pulls)
    .filter((x) => x.model === model)
    .at(-1);
  return (
    <div className="eval-missing" data-testid="eval-missing-model">
      <span>
        <strong>{model}</strong> is not on the model server.
      </span>
      {p && !p.done ? (
        <>
          <progress max={100} value={p.percent ?? undefined} aria-label={`Pulling ${model}`} />
          <span className="muted">
            {p.percent === null ? p.status : `${p.percent.toFixed(0)}%`}
          </span>
        </>
      ) : p?.error ? (
        <span className="form-error">{p.error}</span>
      ) : p?.done && !p.cancelled ? (
        <span className="muted">Pulled: start again to run it.</span>
      ) : (
        <button
          type="button"
          className="button"
          data-testid="eval-pull"
          onClick={() => void pull(model)}
        >
          Pull
        </button>
      )}
    </div>
  );
}

function Setup() {
  const s = useEvalStore();
  const { form } = s;
  const models = useModelStore((m) => m.models);
  const refreshModels = useModelStore((m) => m.refresh);
  const running = isRunning(s.progress);
  useEffect(() => {
    void refreshModels();
  }, [refreshModels]);
  const canStart =
    !running &&
    !s.starting &&
    form.tasksDir.trim() !== '' &&
    form.models.length > 0 &&
    form.turns.length > 0;
  return (
    <section className="eval-setup">
      <div className="setting-row">
        <label htmlFor="eval-tasks-dir">Task folder (on the host)</label>
        <div className="setting-input">
          <input
            id="eval-tasks-dir"
            type="text"
            placeholder="/path/to/simbench/tasks"
            value={form.tasksDir}
            data-testid="eval-tasks-dir"
            onChange={(e) => s.setForm({ tasksDir: e.target.value })}
            onKeyDown={(e) => e.key === 'Enter' && void s.listTasks()}
          />
          <button
            type="button"
            className="button"
            data-testid="eval-list"
            disabled={!form.tasksDir.trim() || s.listingBusy}
            onClick={() => void s.listTasks()}
          >
            List tasks
          </button>
        </div>
      </div>
      {s.listingError && <p className="form-error">{s.listingError}</p>}
      {s.listing && (
        <div className="eval-tasks" data-testid="eval-task-list">
          <p className="muted">
            {s.listing.tasks.length} tasks{' '}
            {form.tasks.length
              ? `(${form.tasks.length} chosen)`
              : '(all; tick some to run only those)'}
          </p>
          <div className="eval-task-chips">
            {s.listing.tasks.map((t) => (
              <Chip
                key={t.name}
                title={t.missing.length ? `missing: ${t.missing.join(', ')}` : ''}
                checked={form.tasks.includes(t.name)}
                onChange={() => s.toggle('tasks', t.name)}
                testId={`eval-task-${t.name}`}
              >
                {t.name}
                <span className="muted">
                  {' '}
                  {t.category}
                  {t.turns.length < 3 ? ` · turns ${t.turns.join(',')}` : ''}
                  {t.contract ? ' · contract' : ''}
                </span>
              </Chip>
            ))}
          </div>
          {s.listing.skipped.length > 0 && (
            <p className="muted" data-testid="eval-skipped">
              Skipped:{' '}
              {s.listing.skipped
                .map(
                  (t) =>
                    `${t.name} (lacks ${t.missing.slice(0, 3).join(', ')}${t.missing.length > 3 ? '…' : ''})`,
                )
                .join('; ')}
            </p>
          )}
        </div>
      )}
      <div className="setting-row">
        <span>Models</span>
        <div className="eval-task-chips" data-testid="eval-models">
          {models.length === 0 && <span className="muted">No models on the server yet.</span>}
          {models.map((m) => (
            <Chip
              key={m.name}
              checked={form.models.includes(m.name)}
              onChange={() => s.toggle('models', m.name)}
              testId={`eval-model-${m.name}`}
            >
              {m.name}
            </Chip>
          ))}
        </div>
      </div>
      <div className="setting-row">
        <span>Turns</span>
        <div className="eval-task-chips">
          {[1, 2, 3].map((t) => (
            <Chip
              key={t}
              checked={form.turns.includes(t)}
              onChange={() => s.toggle('turns', t)}
              testId={`eval-turn-${t}`}
            >
              {t}
            </Chip>
          ))}
          <Chip
            title="Turns 2 and 3 start from the model's own previous answer instead of the task's pyinputN.py"
            checked={form.chain}
            onChange={(chain) => s.setForm({ chain })}
          >
            chain the model&apos;s answers
          </Chip>
        </div>
      </div>
      <div className="setting-row">
        <label htmlFor="eval-attempts">Attempts per cell</label>
        <div className="setting-input">
          <input
            id="eval-attempts"
            type="number"
            min={1}
            max={10}
            value={form.attempts}
            onChange={(e) =>
              s.setForm({ attempts: Math.min(10, Math.max(1, Number(e.target.value) || 1)) })
            }
          />
          <span className="unit">
            {form.attempts === 1
              ? 'the answer only (pass@1)'
              : `the answer, then up to ${form.attempts - 1} repairs (pass@${form.attempts})`}
          </span>
        </div>
      </div>
      <div className="setting-row">
        <label htmlFor="eval-judge">Judge</label>
        <div className="setting-input">
          <select
            id="eval-judge"
            value={form.judge}
            onChange={(e) => s.setForm({ judge: e.target.value })}
            data-testid="eval-judge"
          >
            <option value="">none</option>
            {models.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
          <select
            aria-label="Judge mode"
            value={form.judgeMode}
            disabled={!form.judge}
            onChange={(e) => s.setForm({ judgeMode: e.target.value as JudgeMode })}
          >
            <option value="reference">against the reference</option>
            <option value="reference-document">reference and API notes</option>
            <option value="document">API notes only</option>
          </select>
        </div>
      </div>
      <div className="setting-row">
        <label htmlFor="eval-sim-time">Simulated time per run</label>
        <div className="setting-input">
          <input
            id="eval-sim-time"
            type="number"
            min={0.1}
            step={0.5}
            value={form.simTime}
            data-testid="eval-sim-time"
            onChange={(e) => s.setForm({ simTime: Math.max(0.1, Number(e.target.value) || 0.1) })}
          />
          <span className="unit">s (a contract may ask for more)</span>
        </div>
      </div>
      <div className="setting-row">
        <label htmlFor="eval-out">Results folder</label>
        <div className="setting-input">
          <input
            id="eval-out"
            type="text"
            placeholder={s.listing?.defaultOutDir ?? 'in the user data folder'}
            value={form.outDir}
            onChange={(e) => s.setForm({ outDir: e.target.value })}
            onBlur={() => void s.loadResults()}
          />
          <Chip
            title="Run again the cells that could not be evaluated last time"
            checked={form.retryFailed}
            onChange={(retryFailed) => s.setForm({ retryFailed })}
          >
            retry failed cells
          </Chip>
        </div>
      </div>
      <div className="eval-actions">
        <button
          type="button"
          className="button primary"
          disabled={!canStart}
          data-testid="eval-start"
          onClick={() => void s.start()}
        >
          {s.starting ? 'Starting…' : 'Start'}
        </button>
        <button
          type="button"
          className="button"
          disabled={!running}
          data-testid="eval-cancel"
          onClick={() => void s.cancel()}
        >
          Stop
        </button>
        {s.startError && (
          <span className="form-error" role="alert">
            {s.startError}
          </span>
        )}
      </div>
      {s.progress?.missingModels.map((m) => (
        <MissingModel key={m} model={m} />
      ))}
    </section>
  );
}

function ProgressLine() {
  const p = useEvalStore((s) => s.progress);
  if (!p) return null;
  const units = p.total + p.judgeTotal;
  const done = p.done + p.judgeDone;
  return (
    <section className="eval-progress" data-testid="eval-progress" data-state={p.state}>
      <progress
        max={Math.max(1, units)}
        value={units ? done : 1}
        aria-label="Evaluation progress"
      />
      <span>
        {p.done}/{p.total} cells
        {p.judgeTotal ? `, judged ${p.judgeDone}/${p.judgeTotal}` : ''}
        {p.skipped ? ` (${p.skipped} already done)` : ''}
        {isRunning(p) && p.etaSeconds !== null
          ? ` · ETA ${formatDuration(p.etaSeconds)}${p.etaPartial ? '+' : ''}`
          : ''}
      </span>
      <span className="eval-progress-message" data-testid="eval-progress-message">
        {p.message}
      </span>
    </section>
  );
}

async function exportResults(host: PlatformHost, format: 'csv' | 'json'): Promise<void> {
  const results = useEvalStore.getState().results;
  if (!results) return;
  const text =
    format === 'csv' ? resultsCsv(results.cells) : `${JSON.stringify(results, null, 2)}\n`;
  await host.saveFile({
    suggestedName: format === 'csv' ? 'results.csv' : 'results.json',
    text,
    filters: [
      format === 'csv'
        ? { name: 'CSV', extensions: ['csv'] }
        : { name: 'JSON', extensions: ['json'] },
    ],
  });
}

export function EvalDialog({ host, onClose }: { host: PlatformHost; onClose(): void }) {
  const results = useEvalStore((s) => s.results);
  const resultsError = useEvalStore((s) => s.resultsError);
  const cell = useEvalStore((s) => s.cell);
  const cellError = useEvalStore((s) => s.cellError);
  const openCell = useEvalStore((s) => s.openCell);
  const closeCell = useEvalStore((s) => s.closeCell);
  const [tab, setTab] = useState<Tab>('leaderboard');
  const attempts = results?.settings?.attempts ?? useEvalStore.getState().form.attempts;

  return (
    <Dialog title="Evaluate Models" testId="eval-dialog" onClose={onClose} wide>
      {cell && results ? (
        <CellDetail view={cell} outDir={results.outDir} onClose={closeCell} />
      ) : (
        <>
          <Setup />
          <ProgressLine />
          {cellError && <p className="form-error">{cellError}</p>}
          {resultsError && <p className="form-error">{resultsError}</p>}
          {results && (
            <section className="eval-results">
              <div className="eval-results-head">
                <div className="tabs" role="tablist">
                  {(['leaderboard', 'grid', 'charts'] as const).map((t) => (
                    <button
                      key={t}
                      type="button"
                      role="tab"
                      aria-selected={tab === t}
                      className={tab === t ? 'tab active' : 'tab'}
                      data-testid={`eval-tab-${t}`}
                      onClick={() => setTab(t)}
                    >
                      {t === 'leaderboard' ? 'Leaderboard' : t === 'grid' ? 'Cells' : 'Charts'}
                    </button>
                  ))}
                </div>
                <span className="spacer" />
                <span className="muted" title={results.outDir}>
                  {results.cells.length} cells in{' '}
                  {results.outDir.split(/[/\\]/).slice(-2).join('/')}
                </span>
                <button
                  type="button"
                  className="button"
                  disabled={!results.cells.length}
                  onClick={() => void exportResults(host, 'csv')}
                  data-testid="eval-export-csv"
                >
                  Export CSV
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={!results.cells.length}
                  onClick={() => void exportResults(host, 'json')}
                >
                  Export JSON
                </button>
              </div>
              {results.settings && (
                <p className="muted">
                  Protocol:{' '}
                  {results.settings.protocol === 'simbench'
                    ? "SimBench's (turns 2 and 3 start from pyinputN.py)"
                    : "chained (turns 2 and 3 start from the model's previous answer)"}
                  ; {results.settings.attempts} attempt(s) per cell; {results.settings.simTime} s
                  per run.
                  {results.cells.some((c) => c.judge) &&
                    ' Judge scores come from a local judge: not comparable to SimBench’s gpt-4o-mini.'}
                </p>
              )}
              {results.problems.length > 0 && (
                <p className="form-error">Unreadable records: {results.problems.join('; ')}</p>
              )}
              {tab === 'leaderboard' && (
                <Leaderboard rows={results.leaderboard} attempts={attempts} />
              )}
              {tab === 'grid' && (
                <CellGrid
                  cells={results.cells}
                  onOpen={(c) => void openCell({ model: c.model, task: c.task, turn: c.turn })}
                />
              )}
              {tab === 'charts' && <EvalCharts rows={results.leaderboard} attempts={attempts} />}
            </section>
          )}
        </>
      )}
    </Dialog>
  );
}
