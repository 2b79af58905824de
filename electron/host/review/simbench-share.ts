// Reads the developers' SimBench share (`../shared/simbench` beside the checkout) for the
// similarity parity test and benchmark: the published rows and the files they were scored on.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SimilarityScores } from '../../common/review/similarity';

/** The checkout's root: the nearest folder above this module (or a bundle of it) with a package.json. */
function repositoryRoot(): string {
  for (let dir = resolve(__dirname); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** `../shared/simbench` beside the checkout. */
export const SIMBENCH_DIR = resolve(repositoryRoot(), '..', 'shared', 'simbench');

export function simbenchAvailable(dir: string = SIMBENCH_DIR): boolean {
  return existsSync(join(dir, 'similarity-scores.csv'));
}

/** A row of SimBench's similarity-scores.csv: the scores as the benchmark published them. */
export type PublishedRow = { model: string; system: string; round: 1 | 2 | 3 } & Omit<
  SimilarityScores,
  'answerParses' | 'referenceParses'
>;

const COLUMNS: Record<string, keyof PublishedRow> = {
  codebleu: 'codebleu',
  ngram_match_score: 'ngram',
  weighted_ngram_match_score: 'weighted',
  syntax_match_score: 'syntax',
  dataflow_match_score: 'dataflow',
  rouge1: 'rouge1',
  rouge2: 'rouge2',
  rougeL: 'rougeL',
  rougeLsum: 'rougeLsum',
};

/** `similarity-scores.csv`: model, system, round_N, then the nine published scores. */
export function readPublishedRows(dir: string = SIMBENCH_DIR): PublishedRow[] {
  const [header, ...lines] = readFileSync(join(dir, 'similarity-scores.csv'), 'utf8')
    .trim()
    .split(/\r?\n/);
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const row: Record<string, unknown> = {};
    names.forEach((name, i) => {
      if (name === 'model' || name === 'system') row[name] = cells[i];
      else if (name === 'round') row.round = Number(cells[i].replace('round_', ''));
      else if (COLUMNS[name]) row[COLUMNS[name]] = Number(cells[i]);
    });
    return row as unknown as PublishedRow;
  });
}

const ROUND_FILE = { 1: 'first', 2: 'second', 3: 'third' } as const;

/** The stored cleaned answer and cleaned reference that a published row was scored on. */
export function rowTexts(row: PublishedRow, dir: string = SIMBENCH_DIR) {
  return {
    answer: readFileSync(
      join(
        dir,
        'model-outputs',
        row.model,
        row.system,
        `${ROUND_FILE[row.round]}_cleaned_response.py`,
      ),
      'utf8',
    ),
    reference: readFileSync(join(dir, 'tasks', row.system, `cleaned_truth${row.round}.py`), 'utf8'),
  };
}
