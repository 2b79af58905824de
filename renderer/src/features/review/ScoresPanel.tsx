// The review's scores: the code's similarity (CodeBLEU with its four parts, ROUGE-1/2/L/Lsum,
// as SimBench computes them on the cleaned code) and the rubric judge on the local model:
// its options, its answer as it streams, the score with the deductions of each category,
// the mean and spread of repeated answers; an answer without a readable score shows as
// such, with its text, never as 0.
import { useEffect, useRef } from 'react';
import type {
  JudgeReport,
  JudgeRunRecord,
  SimilarityReport,
} from '../../../../electron/common/contract/review';
import { JUDGE_MODES, type JudgeMode } from '../../../../electron/common/review/judge';
import { useSettingsStore } from '../settings/settings-store';
import { useReviewStore, type ReviewProgress } from './review-store';
import { formatNumber } from './SceneDiffTable';

const MODE_LABELS: Record<JudgeMode, string> = {
  reference: 'Against the reference',
  'reference-document': 'Reference + API document',
  document: 'API document only',
};

function Bar({ value }: { value: number }) {
  return (
    <span className="review-bar" aria-hidden="true">
      <span style={{ width: `${Math.max(0, Math.min(1, value)) * 100}%` }} />
    </span>
  );
}

export function SimilarityView({
  similarity,
  error,
}: {
  similarity: SimilarityReport | null;
  error: string | null;
}) {
  if (error) return <p className="review-note">{error}</p>;
  if (!similarity) return <p className="viewer-muted">Scoring the code…</p>;
  const s = similarity.scores;
  const rows: [string, number, string][] = [
    ['n-gram match', s.ngram, 'BLEU-4 over tokens'],
    ['weighted n-gram', s.weighted, 'Python keywords weigh more'],
    ['syntax match', s.syntax, 'shared syntax-tree subtrees'],
    ['dataflow match', s.dataflow, 'shared data-flow edges'],
  ];
  const rouge: [string, number][] = [
    ['ROUGE-1', s.rouge1],
    ['ROUGE-2', s.rouge2],
    ['ROUGE-L', s.rougeL],
    ['ROUGE-Lsum', s.rougeLsum],
  ];
  return (
    <div className="review-similarity" data-testid="review-similarity">
      <p className="viewer-muted">
        Compares the cleaned code — comments and docstrings removed from both scripts — exactly as
        the SimBench benchmark computes it
        {similarity.referenceText === 'given'
          ? ', against SimBench’s stored cleaned reference'
          : ''}
        .
      </p>
      {similarity.note && <p className="review-note">{similarity.note}</p>}
      <div className="review-score-head">
        <div>
          <span className="viewer-muted">CodeBLEU</span>
          <b data-testid="review-codebleu">{s.codebleu.toFixed(4)}</b>
        </div>
        <div>
          <span className="viewer-muted">ROUGE-Lsum</span>
          <b data-testid="review-rougelsum">{s.rougeLsum.toFixed(4)}</b>
        </div>
      </div>
      <table className="review-table">
        <tbody>
          {rows.map(([name, v, what]) => (
            <tr key={name} title={what}>
              <td>{name}</td>
              <td className="num">{v.toFixed(4)}</td>
              <td>
                <Bar value={v} />
              </td>
            </tr>
          ))}
          {rouge.map(([name, v]) => (
            <tr key={name}>
              <td>{name}</td>
              <td className="num">{v.toFixed(4)}</td>
              <td>
                <Bar value={v} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="viewer-muted">
        CodeBLEU = ¼ n-gram + ¼ weighted + ¼ syntax + ¼ dataflow (a dataflow of 0 counts as 1).
      </p>
    </div>
  );
}

function JudgeRunView({ run }: { run: JudgeRunRecord }) {
  const parse = run.parse;
  return (
    <div className="review-judge-run" data-testid="review-judge-run">
      <div className="review-judge-run-head">
        <b>Answer {run.index}</b>
        {parse?.ok ? (
          <span data-testid="review-judge-score">
            score <b>{parse.score}</b>
            {parse.clamped ? ` (the judge wrote ${parse.rawScore})` : ''}
            {parse.parser !== 'strict' ? (
              <span className="viewer-muted"> read by the {parse.parser} rule</span>
            ) : null}
          </span>
        ) : (
          <span className="bad" data-testid="review-judge-unreadable">
            {run.error ?? (parse && !parse.ok ? parse.reason : 'No answer.')}
          </span>
        )}
        {run.state !== 'complete' && <span className="bad">({run.state})</span>}
      </div>
      {parse?.ok && (
        <table className="review-table">
          <thead>
            <tr>
              <th>Category</th>
              <th>Deducted</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {parse.categories.map((c) => (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td className="num">
                  {c.deducted === null ? '—' : `−${formatNumber(c.deducted, 3)}`} / {c.budget}
                </td>
                <td>
                  {c.reasons.map((r, i) => (
                    <div key={i}>{r}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {run.answer && (
        <details open={!parse?.ok}>
          <summary>The judge’s reasoning</summary>
          <pre className="review-judge-text">{run.answer}</pre>
        </details>
      )}
    </div>
  );
}

function Streaming({ text }: { text: string }) {
  const pre = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (pre.current) pre.current.scrollTop = pre.current.scrollHeight;
  }, [text]);
  return (
    <pre className="review-judge-text" ref={pre} data-testid="review-judge-stream">
      {text || '…'}
    </pre>
  );
}

export function JudgeSummary({ judge }: { judge: JudgeReport }) {
  const s = judge.summary;
  return (
    <div className="review-score-head" data-testid="review-judge-summary">
      <div>
        <span className="viewer-muted">Judge score</span>
        <b>{s.mean === null ? '—' : formatNumber(s.mean, 3)}</b>
        <span className="viewer-muted">
          {s.sd !== null ? `± ${formatNumber(s.sd, 3)} (sd) ` : ''}
          {s.scores.length} of {s.runs} answers scored
          {s.parseFailures ? `, ${s.parseFailures} without a readable score (not counted)` : ''}
        </span>
      </div>
    </div>
  );
}

export interface JudgeViewProps {
  progress: ReviewProgress | null;
  onAsk(): void;
  canAsk: boolean;
  /** Picks the API document with the platform's dialog; absent where none gives a path. */
  onPickDocument?(): void;
}

export function JudgeView({ progress, onAsk, canAsk, onPickDocument }: JudgeViewProps) {
  const options = useReviewStore((s) => s.options);
  const setOptions = useReviewStore((s) => s.setOptions);
  const cancel = useReviewStore((s) => s.cancel);
  const settingsModel = useSettingsStore((s) => s.settings?.model ?? '');
  const judge = progress?.judge ?? null;
  const runs = progress?.judgeRuns ?? [];
  const stream = progress?.judgeStream ?? null;
  const busy = progress?.running ?? false;
  const needsDocument = options.judgeMode !== 'reference';
  return (
    <div className="review-judge" data-testid="review-judge">
      <div className="review-form">
        <label>
          <input
            type="checkbox"
            checked={options.judge}
            onChange={(e) => setOptions({ judge: e.currentTarget.checked })}
          />{' '}
          Ask the judge in each review
        </label>
        <label>
          Model{' '}
          <input
            type="text"
            value={options.judgeModel}
            placeholder={settingsModel || 'the model setting'}
            onChange={(e) => setOptions({ judgeModel: e.currentTarget.value })}
            aria-label="Judge model"
          />
        </label>
        <label>
          Mode{' '}
          <select
            value={options.judgeMode}
            onChange={(e) => setOptions({ judgeMode: e.currentTarget.value as JudgeMode })}
            aria-label="Judge mode"
          >
            {JUDGE_MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Repeats{' '}
          <input
            type="number"
            min={1}
            max={20}
            value={options.repeats}
            onChange={(e) =>
              setOptions({
                repeats: Math.max(1, Math.min(20, Math.round(Number(e.currentTarget.value) || 1))),
              })
            }
            aria-label="Judge repeats"
          />
        </label>
        {needsDocument && (
          <label className="review-wide">
            API document{' '}
            <input
              type="text"
              value={options.apiDocumentPath}
              placeholder="TwinForge’s PyChrono notes (or a file on the host)"
              onChange={(e) => setOptions({ apiDocumentPath: e.currentTarget.value })}
              aria-label="API document path on the host"
            />
            {onPickDocument && (
              <button type="button" className="tool-button" onClick={onPickDocument}>
                Choose…
              </button>
            )}
          </label>
        )}
        {busy && progress?.kind === 'judge' ? (
          <button type="button" className="button" onClick={cancel}>
            Stop the judge
          </button>
        ) : (
          <button
            type="button"
            className="button"
            onClick={onAsk}
            disabled={!canAsk || busy}
            data-testid="review-judge-ask"
          >
            Ask the judge{options.repeats > 1 ? ` ${options.repeats} times` : ''}
          </button>
        )}
      </div>
      <p className="viewer-muted">
        SimBench’s rubric (J-LLM): completeness 40, correctness 30, code quality 10, efficiency 10,
        error handling 5, visualization 5; sampled at temperature 0.2, top-p 0.7. A local judge is
        not SimBench’s gpt-4o-mini: compare its scores with each other, not with the paper’s.
      </p>
      {judge && <JudgeSummary judge={judge} />}
      {judge?.error && <p className="review-note">{judge.error}</p>}
      {judge?.stopped && (
        <p className="review-note">The judge was stopped; its answers so far are kept.</p>
      )}
      {stream && (
        <div>
          <b>
            Answer {stream.index} of {stream.of}, as it comes
          </b>
          <Streaming text={stream.text} />
        </div>
      )}
      {runs.map((run) => (
        <JudgeRunView key={run.chatRequestId} run={run} />
      ))}
    </div>
  );
}
