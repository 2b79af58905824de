// The leaderboard of an evaluation: per model, the share of answers that run as given
// (pass@1) and within the allowed repairs (pass@k), the means of CodeBLEU and ROUGE-Lsum
// (SimBench's headline similarity figures, plain means over the model's rows, SIMILARITY.md
// 5), the judge's mean score (parse failures counted apart, never as 0) and the contracts'
// mean score; then the same per category of task and per turn. Rates are over the cells
// that were evaluated: a cell that failed for want of a server is counted, not scored. Pure.
import type { CellSummary } from './cell-record';

export interface Metrics {
  cells: number;
  evaluated: number;
  /** Cells that could not be evaluated (server, runtime): `--retry-failed` reruns them. */
  failed: number;
  compile: number | null;
  pass1: number | null;
  passK: number | null;
  codebleu: number | null;
  rougeLsum: number | null;
  judge: number | null;
  judged: number;
  judgeFailures: number;
  contract: number | null;
  contracts: number;
  contractPasses: number;
  tokensPerSecond: number | null;
  /** Sum of the cells' wall time, ms. */
  wallMs: number;
}

export interface LeaderboardRow extends Metrics {
  model: string;
  byCategory: Record<string, Metrics>;
  byTurn: Record<string, Metrics>;
}

const mean = (values: number[]): number | null =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

export function aggregate(cells: readonly CellSummary[]): Metrics {
  const evaluated = cells.filter((c) => c.status === 'evaluated');
  const n = evaluated.length;
  const rate = (count: number) => (n ? count / n : null);
  const judged = evaluated.filter((c) => c.judge);
  const scores = judged.flatMap((c) =>
    c.judge?.ok && c.judge.score !== null ? [c.judge.score] : [],
  );
  const withContract = evaluated.filter((c) => c.contract);
  return {
    cells: cells.length,
    evaluated: n,
    failed: cells.length - n,
    compile: rate(evaluated.filter((c) => c.compile).length),
    pass1: rate(evaluated.filter((c) => c.pass1).length),
    passK: rate(evaluated.filter((c) => c.passK).length),
    codebleu: mean(evaluated.flatMap((c) => (c.similarity ? [c.similarity.codebleu] : []))),
    rougeLsum: mean(evaluated.flatMap((c) => (c.similarity ? [c.similarity.rougeLsum] : []))),
    judge: mean(scores),
    judged: scores.length,
    judgeFailures: judged.length - scores.length,
    contract: mean(withContract.map((c) => c.contract!.score)),
    contracts: withContract.length,
    contractPasses: withContract.filter((c) => c.contract!.triage === 'pass').length,
    tokensPerSecond: mean(
      evaluated.flatMap((c) => (c.tokensPerSecond !== null ? [c.tokensPerSecond] : [])),
    ),
    wallMs: cells.reduce((sum, c) => sum + c.timing.totalMs, 0),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const sortedRecord = (groups: Map<string, CellSummary[]>) =>
  Object.fromEntries([...groups.keys()].sort().map((k) => [k, aggregate(groups.get(k)!)]));

/** Best first: pass@k, then pass@1, then CodeBLEU; ties keep the models' names in order. */
export function leaderboard(cells: readonly CellSummary[]): LeaderboardRow[] {
  const rows = [...groupBy(cells, (c) => c.model)].map(([model, list]) => ({
    model,
    ...aggregate(list),
    byCategory: sortedRecord(groupBy(list, (c) => c.category)),
    byTurn: sortedRecord(groupBy(list, (c) => String(c.turn))),
  }));
  const key = (r: LeaderboardRow) => [r.passK ?? -1, r.pass1 ?? -1, r.codebleu ?? -1];
  return rows.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i] - ka[i];
    return a.model < b.model ? -1 : a.model > b.model ? 1 : 0;
  });
}

/** The categories present, in order, for table headers. */
export function categoriesOf(cells: readonly CellSummary[]): string[] {
  return [...new Set(cells.map((c) => c.category))].sort();
}
