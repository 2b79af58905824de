// One cell opened from the grid: what the model was asked, how its answer ran and was
// repaired, its similarity, the judge's reading and the contract's checks, and the answer
// beside the reference. "Open in review" hands both scripts to the review.
import type { EvalCellView } from '../../../../electron/common/contract/eval';
import type { ContractVerdict } from '../../../../electron/common/eval/contracts/evaluate';
import { DASH, contractBadges, mean3 } from './eval-format';
import { openReview } from './open-review';

function ContractTable({ verdict, title }: { verdict: ContractVerdict; title: string }) {
  return (
    <section className="eval-detail-section" data-testid="eval-contract">
      <h4>
        {title}: {verdict.score} ({verdict.triage})
      </h4>
      {!verdict.L1.ok && <p className="form-error">L1: {verdict.L1.detail}</p>}
      <ul className="eval-checks">
        {verdict.L2.map((c) => (
          <li key={c.name} className={c.ok ? 'ok' : 'fail'}>
            L2 {c.name}: {c.ok ? 'found' : 'not found'}
          </li>
        ))}
        {verdict.L3.map((c) => (
          <li key={`${c.kind}-${c.key}`} className={c.ok ? 'ok' : 'fail'}>
            L3 {c.desc ?? c.key}: {c.detail}
          </li>
        ))}
      </ul>
      {Object.keys(verdict.notes).length > 0 && (
        <p className="muted">
          {Object.entries(verdict.notes)
            .map(([k, why]) => `${k}: ${why}`)
            .join('; ')}
        </p>
      )}
    </section>
  );
}

export function CellDetail({
  view,
  outDir,
  onClose,
}: {
  view: EvalCellView;
  outDir: string;
  onClose(): void;
}) {
  const r = view.record;
  const code = r.repairedScript ?? r.answer?.code ?? null;
  const canReview = code !== null && view.reference !== null;
  const title = `${r.model} · ${r.task} turn ${r.turn}`;
  return (
    <div className="eval-detail" data-testid="eval-cell-detail">
      <header className="eval-detail-head">
        <h3>{title}</h3>
        <span className="spacer" />
        <button
          type="button"
          className="button primary"
          disabled={!canReview}
          title={
            canReview
              ? 'Review the answer against the reference'
              : 'There is no code or no reference to review'
          }
          data-testid="eval-open-review"
          onClick={() =>
            openReview({
              title,
              twin: { script: code!, path: null, label: `${r.model} (turn ${r.turn})` },
              reference: {
                script: view.reference!,
                path: view.referencePath,
                label: `truth${r.turn}.py`,
              },
              prompt: r.prompt || null,
              source: {
                kind: 'eval-cell',
                outDir,
                model: r.model,
                task: r.task,
                turn: r.turn,
              },
              badges: contractBadges(r.contractRepaired ?? r.contract).map((b) => ({
                label: `Contract ${b.level}`,
                state: b.state,
                title: b.title,
              })),
            })
          }
        >
          Open in review
        </button>
        <button type="button" className="button" onClick={onClose}>
          Back to the results
        </button>
      </header>
      {r.status === 'failed' && <p className="form-error">Not evaluated: {r.error}</p>}
      <dl className="eval-facts">
        <dt>Started from</dt>
        <dd>
          {r.start === 'prompt'
            ? 'the prompt alone'
            : r.start === 'pyinput'
              ? `pyinput${r.turn}.py`
              : 'its own previous answer'}
        </dd>
        <dt>Runs</dt>
        <dd>
          {r.pass1 ? 'as given' : r.passK ? `after ${r.runs.length - 1} repair(s)` : 'no'} (
          {r.runs.length} of {r.attempts} run)
        </dd>
        <dt>Compiles</dt>
        <dd>{r.compile ? 'yes' : 'no'}</dd>
        <dt>CodeBLEU · ROUGE-Lsum</dt>
        <dd>
          {mean3(r.similarity?.codebleu)} · {mean3(r.similarity?.rougeLsum)}
        </dd>
        <dt>Judge</dt>
        <dd>
          {r.judge
            ? r.judge.ok
              ? `${r.judge.score} (${r.judge.model}, ${r.judge.parser})`
              : `no score: ${r.judge.reason}`
            : DASH}
        </dd>
        <dt>Tokens</dt>
        <dd>
          {r.answer?.answerTokens ?? DASH} in {((r.answer?.durationMs ?? 0) / 1000).toFixed(1)} s
        </dd>
      </dl>
      {r.runs.map((run) => (
        <p key={run.attempt} className={run.failure ? 'form-error' : 'muted'}>
          Run {run.attempt}: {run.status}, t = {run.simTime.toFixed(2)} s
          {run.failure ? ` — ${run.failure.message.trim().split('\n').pop()}` : ''}
        </p>
      ))}
      {r.contract && <ContractTable verdict={r.contract} title="Contract" />}
      {r.contractRepaired && (
        <ContractTable verdict={r.contractRepaired} title="Contract after repair" />
      )}
      {r.answer?.notice && <p className="muted">{r.answer.notice}</p>}
      <div className="eval-scripts">
        <section>
          <h4>Answer{r.repairedScript ? ' (as repaired)' : ''}</h4>
          <pre data-testid="eval-answer">{code ?? r.answer?.text ?? ''}</pre>
        </section>
        <section>
          <h4>Reference (truth{r.turn}.py)</h4>
          <pre data-testid="eval-reference">{view.reference ?? 'The task folder is gone.'}</pre>
        </section>
      </div>
      {r.judge?.text && (
        <details className="eval-detail-section">
          <summary>The judge&apos;s answer</summary>
          <pre>{r.judge.text}</pre>
        </details>
      )}
    </div>
  );
}
