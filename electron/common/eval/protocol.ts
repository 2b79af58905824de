// What a cell asks the model, by the benchmark's protocol (BENCHMARK.md 1.7): turn 1 sends
// the task's prompt alone; turns 2 and 3 send the prompt with the task's own starting
// script (`pyinputN.py`), so an error of one turn never carries into the next. The `chain`
// protocol sends the model's own previous answer instead (when it had one). The host turns
// this into a `write` chat request, whose prompt builder makes turn 1 the first-turn prompt
// and a request with a script the "modify" prompt. Pure.
import type { CellRecord, Protocol } from './cell-record';

export interface TurnFiles {
  /** inputN.txt */
  prompt: string;
  /** pyinputN.py (turns 2 and 3), or null. */
  pyinput: string | null;
}

export interface CellRequest {
  prompt: string;
  /** The script sent with the prompt; null on turn 1. */
  script: string | null;
  start: CellRecord['start'];
}

/**
 * @param previousCode the code of the model's answer to the turn before (chain only), or
 *   null when it gave none or that turn was not run: the chain then falls back to pyinputN.
 */
export function cellRequest(
  turn: number,
  files: TurnFiles,
  protocol: Protocol,
  previousCode: string | null = null,
): CellRequest {
  const prompt = files.prompt.trim();
  if (turn === 1) return { prompt, script: null, start: 'prompt' };
  if (protocol === 'chain' && previousCode?.trim()) {
    return { prompt, script: previousCode, start: 'previous-answer' };
  }
  if (files.pyinput === null) {
    throw new Error(`Turn ${turn} needs its starting script pyinput${turn}.py.`);
  }
  return { prompt, script: files.pyinput, start: 'pyinput' };
}

/** The files a task needs for each turn, by SimBench's layout. */
export function requiredFiles(turn: number): string[] {
  return turn === 1
    ? ['input1.txt', 'truth1.py']
    : [`input${turn}.txt`, `truth${turn}.py`, `pyinput${turn}.py`];
}
