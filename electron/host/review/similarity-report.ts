// The review's similarity part: SimBench's CodeBLEU and ROUGE on the texts the benchmark
// compares (the given cleaned reference, or both scripts through its comment stripping),
// with a sentence for what a reader should know about the figures.
import type { ReviewScript, SimilarityReport } from '../../common/contract/review';
import { cleanScript, computeSimilarity, type PythonParser } from '../../common/review/similarity';

export function reviewSimilarity(
  twin: ReviewScript,
  reference: ReviewScript,
  parser: PythonParser,
): SimilarityReport {
  const started = performance.now();
  const answer = twin.cleaned ?? cleanScript(twin.script);
  const referenceText = reference.cleaned ?? cleanScript(reference.script);
  const scores = computeSimilarity(referenceText, answer, parser);
  const notes: string[] = [];
  if (!answer.trim()) {
    notes.push(
      'The twin is empty once comments are stripped: SimBench leaves such an answer out; ' +
        'its metrics give CodeBLEU 0.25 (every part 0) and ROUGE 0.',
    );
  } else if (!scores.answerParses) {
    notes.push(
      'tree-sitter finds syntax errors in the twin: its syntax and dataflow matches come ' +
        'from the error-recovered tree, as in the benchmark.',
    );
  }
  if (!referenceText.trim()) notes.push('The reference is empty once comments are stripped.');
  else if (!scores.referenceParses) notes.push('tree-sitter finds syntax errors in the reference.');
  return {
    scores,
    referenceText: reference.cleaned !== undefined ? 'given' : 'cleaned',
    note: notes.length ? notes.join(' ') : null,
    durationMs: performance.now() - started,
  };
}
