// The similarity benchmark's program (bundled and run by bundle.mjs): times CodeBLEU and
// ROUGE on a ~300-line pair, each part, the whole computeSimilarity and the review's similarity
// step (the same plus the benchmark's comment stripping), against 100 ms.
// The pair is a SimBench reference and a model answer from ../shared when present, else a
// synthetic PyChrono-like script and an edited copy of it.
import { ngramMatch, weightedNgramMatch } from '../electron/common/review/similarity/bleu';
import { computeSimilarity } from '../electron/common/review/similarity';
import {
  dataflowGraph,
  dataflowMatch,
  normalizeDataflow,
} from '../electron/common/review/similarity/dataflow';
import { precleanPython } from '../electron/common/review/similarity/python-preclean';
import { pythonSplit, pythonStrip } from '../electron/common/review/similarity/python-text';
import { rougeScores } from '../electron/common/review/similarity/rouge';
import { syntaxMatch } from '../electron/common/review/similarity/syntax-match';
import { parsePlain } from '../electron/common/review/similarity/syntax-tree';
import { loadPythonParser } from '../electron/host/review/python-parser';
import { reviewSimilarity } from '../electron/host/review/similarity-report';
import {
  readPublishedRows,
  rowTexts,
  simbenchAvailable,
} from '../electron/host/review/simbench-share';

const TARGET_MS = 100;
const WARMUP = 5;
const RUNS = Number(process.env.SIMILARITY_BENCH_RUNS ?? 40);

function syntheticScript(variant: number): string {
  const lines = [
    'import pychrono as chrono',
    'import pychrono.irrlicht as irr',
    '',
    'system = chrono.ChSystemNSC()',
  ];
  for (let i = 0; lines.length < 290; i++) {
    const mass = variant ? 1 + i * 0.5 : 1 + i * 0.25;
    lines.push(
      `body_${i} = chrono.ChBodyEasyBox(${0.1 * (i + 1)}, 0.2, 0.3, ${mass * 1000}, True, True)`,
      `body_${i}.SetPos(chrono.ChVector3d(${i}, ${variant ? 0.5 : 0}, 0))`,
      i % 4 === 0 ? `body_${i}.SetFixed(${variant ? 'False' : 'True'})` : `system.Add(body_${i})`,
      `if body_${i}.GetMass() > ${variant ? 2 : 3}:`,
      `    link_${i} = chrono.ChLinkLockRevolute()`,
      `    link_${i}.Initialize(body_${i}, body_${Math.max(0, i - 1)}, chrono.ChFramed())`,
      `    system.AddLink(link_${i})`,
    );
  }
  lines.push('while system.GetChTime() < 10:', '    system.DoStepDynamics(0.01)');
  return lines.join('\n');
}

function pickPair(): { label: string; reference: string; answer: string } {
  if (simbenchAvailable()) {
    // The longest reference of the share, against the longest answer to it.
    let best: { label: string; reference: string; answer: string } | undefined;
    for (const row of readPublishedRows()) {
      const texts = rowTexts(row);
      const size = texts.reference.length * 4 + texts.answer.length;
      if (!best || size > best.reference.length * 4 + best.answer.length)
        best = { label: `SimBench ${row.system} round ${row.round} vs ${row.model}`, ...texts };
    }
    if (best) return best;
  }
  return {
    label: 'synthetic (../shared/simbench absent)',
    reference: syntheticScript(0),
    answer: syntheticScript(1),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const parser = await loadPythonParser();
  const { label, reference, answer } = pickPair();
  const lineCount = (text: string) => text.split('\n').length;
  console.log(`Similarity benchmark: ${label}`);
  console.log(
    `  reference ${lineCount(reference)} lines, answer ${lineCount(answer)} lines; ${RUNS} runs\n`,
  );

  const referenceStripped = pythonStrip(reference);
  const answerStripped = pythonStrip(answer);
  const parts: Array<[string, () => unknown]> = [
    [
      'ngram + weighted',
      () => {
        const r = pythonSplit(referenceStripped);
        const a = pythonSplit(answerStripped);
        return [ngramMatch(r, a), weightedNgramMatch(r, a)];
      },
    ],
    ['ROUGE 1/2/L/Lsum', () => rougeScores(reference, answer)],
    [
      'pre-clean (tokenizer)',
      () => [precleanPython(referenceStripped), precleanPython(answerStripped)],
    ],
  ];
  const cleanedReference = precleanPython(referenceStripped).text;
  const cleanedAnswer = precleanPython(answerStripped).text;
  const trees = () => [parsePlain(parser, cleanedReference), parsePlain(parser, cleanedAnswer)];
  const [referenceTree, answerTree] = trees();
  parts.push(
    ['parse + copy trees', trees],
    ['syntax match', () => syntaxMatch(referenceTree, answerTree)],
    [
      'dataflow match',
      () =>
        dataflowMatch(
          normalizeDataflow(dataflowGraph(referenceTree, cleanedReference)),
          normalizeDataflow(dataflowGraph(answerTree, cleanedAnswer)),
        ),
    ],
    ['total computeSimilarity', () => computeSimilarity(reference, answer, parser)],
    // What a review adds: SimBench's comment stripping of both scripts, and the notes.
    [
      'review similarity step',
      () => reviewSimilarity({ script: answer }, { script: reference }, parser),
    ],
  );

  const rows: string[][] = [['part', 'median ms', 'p95 ms']];
  let totalMedian = 0;
  for (const [name, run] of parts) {
    for (let i = 0; i < WARMUP; i++) run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      run();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = percentile(times, 50);
    if (name.startsWith('total')) totalMedian = median;
    rows.push([name, median.toFixed(2), percentile(times, 95).toFixed(2)]);
  }
  for (const row of rows)
    console.log(`  ${row[0].padEnd(24)} ${row[1].padStart(10)} ${row[2].padStart(8)}`);
  const scores = computeSimilarity(reference, answer, parser);
  console.log(
    `\n  target ${TARGET_MS} ms per pair: total median is ${(totalMedian / TARGET_MS).toFixed(2)}× the target` +
      `\n  scores: codebleu ${scores.codebleu.toFixed(4)}, rougeLsum ${scores.rougeLsum.toFixed(4)}`,
  );
  parser.delete();
}

void main();
