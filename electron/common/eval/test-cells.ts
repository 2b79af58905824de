// Cells for the tests of the results: a summary with every field, overridable.
import type { CellSummary } from './cell-record';

export function cell(over: Partial<CellSummary> = {}): CellSummary {
  return {
    format: 'twinforge-eval-cell/1',
    model: 'm',
    task: 'pendulum',
    turn: 1,
    category: 'mbs',
    status: 'evaluated',
    error: null,
    protocol: 'simbench',
    start: 'prompt',
    compile: true,
    pass1: true,
    passK: true,
    attempts: 1,
    runs: [],
    similarity: {
      codebleu: 0.5,
      ngram_match_score: 0.1,
      weighted_ngram_match_score: 0.2,
      syntax_match_score: 0.3,
      dataflow_match_score: 0.4,
      rouge1: 0.6,
      rouge2: 0.7,
      rougeL: 0.8,
      rougeLsum: 0.9,
    },
    judge: null,
    contract: null,
    contractRepaired: null,
    timing: { totalMs: 1000, modelMs: 600, simulationMs: 390, overheadMs: 10, scoringMs: 5 },
    finishedAt: '2026-01-01T00:00:00.000Z',
    answerTokens: 100,
    tokensPerSecond: 50,
    hasCode: true,
    ...over,
  };
}
