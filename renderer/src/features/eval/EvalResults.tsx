// The results of an evaluation: the leaderboard (per model, then per category of task)
// and the grid of cells (task and turn by model) with their badges; a click opens a cell.
import type { CellSummary } from '../../../../electron/common/eval/cell-record';
import type { LeaderboardRow } from '../../../../electron/common/eval/leaderboard';
import { DASH, contractBadges, mean3, pct, score1 } from './eval-format';

export function Leaderboard({ rows, attempts }: { rows: LeaderboardRow[]; attempts: number }) {
  if (rows.length === 0) return <p className="muted">No cells in this results folder yet.</p>;
  const categories = [...new Set(rows.flatMap((r) => Object.keys(r.byCategory)))].sort();
  return (
    <>
      <table className="eval-table" data-testid="eval-leaderboard">
        <thead>
          <tr>
            <th>Model</th>
            <th title="cells evaluated (and cells that could not be)">Cells</th>
            <th title="the answer runs as given">pass@1</th>
            {attempts > 1 && (
              <th title={`it runs within ${attempts - 1} repairs`}>pass@{attempts}</th>
            )}
            <th title="the code parses">Compile</th>
            <th title="mean CodeBLEU against truthN.py">CodeBLEU</th>
            <th title="mean ROUGE-Lsum against truthN.py">ROUGE-Lsum</th>
            <th title="mean judge score (answers judged)">Judge</th>
            <th title="mean contract score (passes of contracts)">Contract</th>
            <th title="answer tokens per second">tok/s</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model} data-testid="eval-leaderboard-row">
              <th scope="row">{r.model}</th>
              <td>
                {r.evaluated}
                {r.failed > 0 && <span className="eval-failed"> +{r.failed} failed</span>}
              </td>
              <td>{pct(r.pass1)}</td>
              {attempts > 1 && <td>{pct(r.passK)}</td>}
              <td>{pct(r.compile)}</td>
              <td>{mean3(r.codebleu)}</td>
              <td>{mean3(r.rougeLsum)}</td>
              <td>{r.judge === null ? DASH : `${score1(r.judge)} (${r.judged})`}</td>
              <td>
                {r.contract === null
                  ? DASH
                  : `${score1(r.contract)} (${r.contractPasses}/${r.contracts})`}
              </td>
              <td>{r.tokensPerSecond === null ? DASH : r.tokensPerSecond.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4 className="eval-subhead">By category: pass@1 · CodeBLEU</h4>
      <table className="eval-table" data-testid="eval-categories">
        <thead>
          <tr>
            <th>Model</th>
            {categories.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.model}>
              <th scope="row">{r.model}</th>
              {categories.map((c) => {
                const m = r.byCategory[c];
                return <td key={c}>{m ? `${pct(m.pass1)} · ${mean3(m.codebleu)}` : DASH}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function CellButton({ cell, onOpen }: { cell: CellSummary; onOpen(): void }) {
  const label = `${cell.model}, ${cell.task} turn ${cell.turn}`;
  if (cell.status === 'failed') {
    return (
      <button
        type="button"
        className="eval-cell is-failed"
        onClick={onOpen}
        title={cell.error ?? ''}
        aria-label={label}
      >
        not evaluated
      </button>
    );
  }
  return (
    <button
      type="button"
      className={`eval-cell ${cell.passK ? 'is-pass' : 'is-fail'}`}
      onClick={onOpen}
      aria-label={label}
      data-testid="eval-cell"
    >
      <span className={`eval-badge ${cell.pass1 ? 'ok' : 'fail'}`} title="pass@1">
        P1
      </span>
      {cell.attempts > 1 && (
        <span
          className={`eval-badge ${cell.passK ? 'ok' : 'fail'}`}
          title={`pass@${cell.attempts}`}
        >
          P{cell.attempts}
        </span>
      )}
      <span className={`eval-badge ${cell.compile ? 'ok' : 'fail'}`} title="the code parses">
        C
      </span>
      {contractBadges(cell.contract).map((b) => (
        <span key={b.level} className={`eval-badge ${b.state}`} title={b.title}>
          {b.level}
        </span>
      ))}
      <span className="eval-figure" title="CodeBLEU">
        {mean3(cell.similarity?.codebleu)}
      </span>
      {cell.judge?.ok && (
        <span className="eval-figure" title="judge score">
          J{cell.judge.score}
        </span>
      )}
    </button>
  );
}

/** Rows: task and turn; columns: models. */
export function CellGrid({
  cells,
  onOpen,
}: {
  cells: CellSummary[];
  onOpen(cell: CellSummary): void;
}) {
  if (cells.length === 0) return <p className="muted">No cells yet.</p>;
  const models = [...new Set(cells.map((c) => c.model))].sort();
  const rows = [...new Set(cells.map((c) => `${c.task}\u0000${c.turn}`))]
    .map((k) => {
      const [task, turn] = k.split('\u0000');
      return { task, turn: Number(turn) };
    })
    .sort((a, b) => (a.task < b.task ? -1 : a.task > b.task ? 1 : a.turn - b.turn));
  const find = (model: string, task: string, turn: number) =>
    cells.find((c) => c.model === model && c.task === task && c.turn === turn);
  return (
    <table className="eval-table eval-grid" data-testid="eval-grid">
      <thead>
        <tr>
          <th>Task</th>
          <th>Turn</th>
          {models.map((m) => (
            <th key={m}>{m}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.task}-${r.turn}`}>
            <th scope="row">{r.task}</th>
            <td>{r.turn}</td>
            {models.map((m) => {
              const cell = find(m, r.task, r.turn);
              return (
                <td key={m}>
                  {cell ? <CellButton cell={cell} onOpen={() => onOpen(cell)} /> : DASH}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
