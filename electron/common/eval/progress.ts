// How long an evaluation still needs: the mean time of the latest cells (and judgements)
// times what is left. Models differ in speed, so only recent cells count. Pure.

const RECENT = 8;

export interface EtaInput {
  /** Durations of the cells finished in this run, ms, oldest first. */
  cellMs: readonly number[];
  judgeMs: readonly number[];
  remainingCells: number;
  remainingJudgements: number;
}

/** Seconds left, or null before anything was timed; `partial` when a phase is not timed yet. */
export function estimateEta(input: EtaInput): { seconds: number | null; partial: boolean } {
  const recentMean = (list: readonly number[]) => {
    const recent = list.slice(-RECENT);
    return recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : null;
  };
  const cell = recentMean(input.cellMs);
  const judge = recentMean(input.judgeMs);
  let ms = 0;
  let partial = false;
  let known = false;
  if (input.remainingCells > 0) {
    if (cell === null) partial = true;
    else {
      ms += cell * input.remainingCells;
      known = true;
    }
  }
  if (input.remainingJudgements > 0) {
    if (judge === null) partial = true;
    else {
      ms += judge * input.remainingJudgements;
      known = true;
    }
  }
  if (input.remainingCells === 0 && input.remainingJudgements === 0)
    return { seconds: 0, partial: false };
  return { seconds: known ? ms / 1000 : null, partial };
}

/** 45 s, 3 min 10 s, 1 h 02 min. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
