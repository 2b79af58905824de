// The exports of an evaluation. `results.csv` starts with the twelve columns of SimBench's
// statistics/evaluation_results.csv, same names, order and meaning (SIMILARITY.md 1.2:
// round is `round_N`, floats in full round-trip precision), so analysis scripts written for
// the benchmark read it as they are; TwinForge's own columns follow. An empty field is a
// value that does not exist (no answer to score, no judge asked). Pure.
import { SIMILARITY_COLUMNS, type CellSummary } from './cell-record';
import type { LeaderboardRow } from './leaderboard';

export const SIMBENCH_COLUMNS = ['model', 'system', 'round', ...SIMILARITY_COLUMNS] as const;

export const TWINFORGE_COLUMNS = [
  'category',
  'status',
  'protocol',
  'start',
  'compile',
  'pass1',
  'passk',
  'attempts',
  'runs',
  'judge_model',
  'judge_score',
  'judge_parser',
  'contract_score',
  'contract_triage',
  'contract_l1',
  'contract_l2',
  'contract_l3',
  'answer_tokens',
  'tokens_per_second',
  'model_seconds',
  'simulation_seconds',
  'wall_seconds',
  'error',
] as const;

export const RESULTS_COLUMNS = [...SIMBENCH_COLUMNS, ...TWINFORGE_COLUMNS];

function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

export function resultRow(c: CellSummary): unknown[] {
  const s = c.similarity;
  return [
    c.model,
    c.task,
    `round_${c.turn}`,
    ...SIMILARITY_COLUMNS.map((k) => s?.[k] ?? null),
    c.category,
    c.status,
    c.protocol,
    c.start,
    c.status === 'evaluated' ? c.compile : null,
    c.status === 'evaluated' ? c.pass1 : null,
    c.status === 'evaluated' ? c.passK : null,
    c.attempts,
    c.runs.length,
    c.judge?.model ?? null,
    c.judge?.score ?? null,
    c.judge?.parser ?? null,
    c.contract?.score ?? null,
    c.contract?.triage ?? null,
    c.contract ? c.contract.L1.ok : null,
    c.contract?.l2 ?? null,
    c.contract?.l3 ?? null,
    c.answerTokens,
    c.tokensPerSecond,
    seconds(c.timing.modelMs),
    seconds(c.timing.simulationMs),
    seconds(c.timing.totalMs),
    c.error,
  ];
}

/** Sorted as SimBench's file is: by model, then system, then round. */
export function resultsCsv(cells: readonly CellSummary[]): string {
  const sorted = [...cells].sort(
    (a, b) =>
      (a.model < b.model ? -1 : a.model > b.model ? 1 : 0) ||
      (a.task < b.task ? -1 : a.task > b.task ? 1 : 0) ||
      a.turn - b.turn,
  );
  const lines = [
    RESULTS_COLUMNS.join(','),
    ...sorted.map((c) => resultRow(c).map(field).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}

export interface ResultsDocument {
  format: 'twinforge-eval-results/1';
  /** Always said: what protocol ran, and that a local judge is not SimBench's contract. */
  protocol: string;
  attempts: number;
  judgeNote: string | null;
  leaderboard: LeaderboardRow[];
  cells: CellSummary[];
}
