// `twinforge review TWIN.py REFERENCE.py`: the host's review service, headless. The same
// service and the same figures as the app's Review button; the HTML report it writes has
// no 3D images (the command line draws no 3D views, and the report says so).
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { version as twinforgeVersion } from '../../package.json';
import {
  JUDGE_MODE_VALUES,
  type JudgeReport,
  type ReviewEvent,
  type ReviewReport,
} from '../common/contract/review';
import { gapReportCsv } from '../common/review/gap-csv';
import { reviewReportHtml } from '../common/review/report-html';
import { createHost } from '../host/index';
import { resolveUserDataDir } from '../host/serve/user-data';
import { UsageError, positiveNumber } from './args';

export const REVIEW_USAGE = `Usage: twinforge review TWIN.py REFERENCE.py [options]

Holds the twin against an expert reference script: the similarity of the code (CodeBLEU with
its four parts and ROUGE-1/2/L/Lsum, computed on the cleaned code exactly as SimBench does),
both scripts run at once with the same limits (the scene diff and each matched body's
trajectory gap), and the rubric judge on the local model when asked. A reference named
truthN.py with SimBench's cleaned_truthN.py beside it is compared through that cleaned file.

Options:
  --no-run             compare the code only (no scene diff, no trajectory gap)
  --sim-time S         simulated-time limit of both runs (default: the setting, 30)
  --wall-time S        wall-clock limit of both runs (default: the setting, 600)
  --judge MODEL        ask the rubric judge with this model
  --judge-mode MODE    reference | reference-document | document (default: reference)
  --api-document FILE  the judge's API document (default: TwinForge's PyChrono notes)
  --repeats N          ask the judge N times: mean and spread (default 1)
  --report FILE        write the review as one self-contained HTML page
  --gap-csv FILE       write the trajectory gap per sample as CSV
  --python PATH        Python interpreter to use
  --json               print one JSON object (similarity, gap, scene, judge, runs, notes)
                       and nothing else on stdout
  -h, --help           show this help

Exit codes: 0 reviewed (whatever the runs did), 1 a script could not be read, 2 bad usage,
4 stopped (Ctrl+C).`;

export interface ReviewArgs {
  twin: string;
  reference: string;
  run: boolean;
  simTime?: number;
  wallTime?: number;
  judge?: string;
  judgeMode: (typeof JUDGE_MODE_VALUES)[number];
  apiDocument?: string;
  repeats: number;
  report?: string;
  gapCsv?: string;
  python?: string;
  json: boolean;
}

export function parseReviewArgs(argv: string[]): ReviewArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'no-run': { type: 'boolean', default: false },
      'sim-time': { type: 'string' },
      'wall-time': { type: 'string' },
      judge: { type: 'string' },
      'judge-mode': { type: 'string' },
      'api-document': { type: 'string' },
      repeats: { type: 'string' },
      report: { type: 'string' },
      'gap-csv': { type: 'string' },
      python: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 2) throw new UsageError('review needs TWIN.py and REFERENCE.py');
  const mode = values['judge-mode'] ?? 'reference';
  if (!(JUDGE_MODE_VALUES as readonly string[]).includes(mode)) {
    throw new UsageError(`--judge-mode is one of ${JUDGE_MODE_VALUES.join(', ')}, not "${mode}"`);
  }
  let repeats = 1;
  if (values.repeats !== undefined) {
    repeats = Number(values.repeats);
    if (!Number.isInteger(repeats) || repeats < 1 || repeats > 20) {
      throw new UsageError(`--repeats needs a whole number from 1 to 20, not "${values.repeats}"`);
    }
  }
  if ((values['judge-mode'] || values.repeats || values['api-document']) && !values.judge) {
    throw new UsageError('--judge-mode, --repeats and --api-document go with --judge MODEL');
  }
  return {
    twin: positionals[0],
    reference: positionals[1],
    run: !values['no-run'],
    simTime: positiveNumber(values['sim-time'], '--sim-time'),
    wallTime: positiveNumber(values['wall-time'], '--wall-time'),
    judge: values.judge,
    judgeMode: mode as ReviewArgs['judgeMode'],
    apiDocument: values['api-document'],
    repeats,
    report: values.report,
    gapCsv: values['gap-csv'],
    python: values.python,
    json: values.json ?? false,
  };
}

/** SimBench's stored cleaned reference beside `truthN.py`, when there is one. */
export function storedCleanedPath(referencePath: string): string | null {
  const m = /^truth(\d+)\.py$/.exec(basename(referencePath));
  if (!m) return null;
  const cleaned = join(dirname(referencePath), `cleaned_truth${m[1]}.py`);
  return existsSync(cleaned) ? cleaned : null;
}

export async function runReviewCommand(argv: string[], env = process.env): Promise<number> {
  const args = parseReviewArgs(argv);
  if (args === 'help') {
    console.log(REVIEW_USAGE);
    return 0;
  }
  const twinPath = resolve(args.twin);
  const referencePath = resolve(args.reference);
  const cleanedPath = storedCleanedPath(referencePath);
  let twin: string;
  let reference: string;
  let cleaned: string | undefined;
  // One after the other: the message names the first script that cannot be read, always.
  try {
    twin = await readFile(twinPath, 'utf8');
    reference = await readFile(referencePath, 'utf8');
    cleaned = cleanedPath ? await readFile(cleanedPath, 'utf8') : undefined;
  } catch (err) {
    console.error(
      `twinforge: cannot read ${(err as NodeJS.ErrnoException).path ?? 'a script'}: ${(err as Error).message}`,
    );
    return 1;
  }

  const host = createHost({
    userDataDir: resolveUserDataDir(undefined, env),
    env,
    pythonPath: args.python,
  });
  const client = host.connect('cli:review');
  const requestId = randomUUID();
  const stop = () => void host.review.cancel(requestId, client);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const report = await host.review.compare(
      {
        requestId,
        twin: { script: twin, scriptPath: twinPath },
        reference: { script: reference, scriptPath: referencePath, cleaned },
        run: args.run,
        limits: { simTime: args.simTime, wallTime: args.wallTime },
        judge: args.judge
          ? {
              model: args.judge,
              mode: args.judgeMode,
              apiDocumentPath: args.apiDocument ? resolve(args.apiDocument) : null,
              repeats: args.repeats,
            }
          : undefined,
      },
      client,
      (event) => {
        if (!args.json) printProgress(event);
      },
    );
    if (cleanedPath) {
      report.notes.unshift(
        `The reference was compared through SimBench's stored cleaned file ${basename(cleanedPath)}.`,
      );
    }
    const written: string[] = [];
    if (args.report) {
      const file = resolve(args.report);
      await writeFile(
        file,
        reviewReportHtml({
          report,
          twin: { name: basename(twinPath), script: twin },
          reference: { name: basename(referencePath), script: reference, origin: referencePath },
          imagesNote:
            'This report was made by the command line (twinforge review), which draws no 3D ' +
            'views: open the review in the app for pictures of both runs.',
          generator: `TwinForge ${twinforgeVersion}`,
        }),
      );
      written.push(file);
    }
    if (args.gapCsv && report.gap) {
      const file = resolve(args.gapCsv);
      await writeFile(file, gapReportCsv(report.gap));
      written.push(file);
    }
    if (args.json)
      process.stdout.write(`${JSON.stringify(reviewJson(report, twinPath, referencePath))}\n`);
    else printSummary(report, written);
    return report.status === 'stopped' ? 4 : 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await client.close();
    await host.dispose();
  }
}

/** The `--json` object: the figures a script or a benchmark table reads. */
export function reviewJson(report: ReviewReport, twinPath: string, referencePath: string) {
  const s = report.similarity?.scores;
  const run = (side: ReviewReport['twin']) =>
    side.run
      ? {
          status: side.run.summary?.status ?? 'not-started',
          simTime: side.run.summary?.simTime ?? 0,
          frames: side.run.summary?.frames ?? 0,
          bodies: side.run.summary?.bodies ?? null,
          error: side.run.error,
        }
      : null;
  return {
    twin: twinPath,
    reference: referencePath,
    status: report.status,
    similarity: s
      ? {
          codebleu: s.codebleu,
          ngram: s.ngram,
          weighted: s.weighted,
          syntax: s.syntax,
          dataflow: s.dataflow,
          rouge1: s.rouge1,
          rouge2: s.rouge2,
          rougeL: s.rougeL,
          rougeLsum: s.rougeLsum,
        }
      : null,
    gap: report.gap
      ? {
          overall: report.gap.overall,
          bodies: report.gap.bodies.map((b) => ({
            name: b.name,
            twinKey: b.twinKey,
            referenceKey: b.referenceKey,
            grid: b.grid,
            samples: b.times.length,
            position: b.positionStats,
            angle: b.angleStats,
          })),
          skipped: report.gap.skipped,
          notes: report.gap.notes,
        }
      : null,
    scene: report.scene
      ? {
          matched: report.scene.pairs,
          onlyInTwin: report.scene.unmatched.twin,
          onlyInReference: report.scene.unmatched.reference,
          differences: report.scene.system,
          links: report.scene.links,
          items: report.items,
          systems: report.systems,
        }
      : null,
    ...(report.judge ? { judge: judgeJson(report.judge) } : {}),
    runs: { twin: run(report.twin), reference: run(report.reference) },
    limits: report.limits,
    notes: [...(report.similarity?.note ? [report.similarity.note] : []), ...report.notes],
  };
}

function judgeJson(judge: JudgeReport) {
  return {
    model: judge.model,
    mode: judge.mode,
    repeats: judge.repeats,
    apiDocument: judge.apiDocument,
    mean: judge.summary.mean,
    sd: judge.summary.sd,
    min: judge.summary.min,
    max: judge.summary.max,
    scores: judge.summary.scores,
    parseFailures: judge.summary.parseFailures,
    error: judge.error,
    stopped: judge.stopped,
    runs: judge.runs.map((r) => ({
      index: r.index,
      state: r.state,
      score: r.parse?.ok ? r.parse.score : null,
      parser: r.parse?.ok ? r.parse.parser : null,
      categories: r.parse?.ok
        ? r.parse.categories.map((c) => ({ name: c.name, budget: c.budget, deducted: c.deducted }))
        : null,
      problem: r.error ?? (r.parse && !r.parse.ok ? r.parse.reason : null),
      answer: r.answer,
    })),
  };
}

function printProgress(event: ReviewEvent): void {
  const say = (text: string) => process.stderr.write(`${text}\n`);
  switch (event.type) {
    case 'run-start':
      say(`running the ${event.side}…`);
      break;
    case 'run-end': {
      const s = event.run.summary;
      say(
        `  ${event.side}: ${s ? `${s.status} at t = ${s.simTime.toFixed(3)} s` : 'did not start'}` +
          (event.run.error ? ` — ${event.run.error}` : ''),
      );
      break;
    }
    case 'judge-start':
      say(
        `asking the judge (${event.model || 'the model setting'}), answer ${event.index} of ${event.of}…`,
      );
      break;
    case 'judge-end': {
      const p = event.run.parse;
      say(
        `  ${p?.ok ? `score ${p.score}` : (event.run.error ?? (p && !p.ok ? p.reason : 'no answer'))}`,
      );
      break;
    }
    default:
      break;
  }
}

function f(v: number | null, digits = 4): string {
  return v === null ? '—' : String(Number(v.toPrecision(digits)));
}

function printSummary(report: ReviewReport, written: string[]): void {
  const out: string[] = [];
  const s = report.similarity?.scores;
  if (s) {
    out.push('similarity (on the cleaned code, as SimBench computes it):');
    out.push(
      `  CodeBLEU ${s.codebleu.toFixed(4)} (ngram ${s.ngram.toFixed(4)}, weighted ${s.weighted.toFixed(4)}, ` +
        `syntax ${s.syntax.toFixed(4)}, dataflow ${s.dataflow.toFixed(4)})`,
    );
    out.push(
      `  ROUGE-1 ${s.rouge1.toFixed(4)}, ROUGE-2 ${s.rouge2.toFixed(4)}, ROUGE-L ${s.rougeL.toFixed(4)}, ROUGE-Lsum ${s.rougeLsum.toFixed(4)}`,
    );
  }
  if (report.scene) {
    const sc = report.scene;
    out.push(
      `scene: ${sc.pairs.length} matched, ${sc.unmatched.twin.length} only in the twin, ` +
        `${sc.unmatched.reference.length} only in the reference, ${sc.system.length} system differences`,
    );
    for (const p of sc.pairs) {
      const d = p.differences.map((x) => x.what).join(', ');
      const twin = report.items?.twin[p.twin.key]?.label ?? `#${p.twin.key}`;
      const reference = report.items?.reference[p.reference.key]?.label ?? `#${p.reference.key}`;
      out.push(`  ${twin} ↔ ${reference} (${p.rule})${d ? `: ${d}` : ''}`);
    }
  }
  if (report.gap) {
    for (const b of report.gap.bodies) {
      out.push(
        `gap ${b.name}: position max ${f(b.positionStats.max)} m, RMS ${f(b.positionStats.rms)} m, final ${f(b.positionStats.final)} m; ` +
          `angle max ${f(b.angleStats.max)} rad`,
      );
    }
    const o = report.gap.overall;
    if (o)
      out.push(
        `gap overall: position max ${f(o.position.max)} m, RMS ${f(o.position.rms)} m; angle max ${f(o.angle.max)} rad`,
      );
  }
  if (report.judge) {
    const j = report.judge.summary;
    out.push(
      `judge ${report.judge.model} (${report.judge.mode}): ` +
        (j.mean !== null
          ? `${f(j.mean, 3)}${j.sd !== null ? ` ± ${f(j.sd, 3)}` : ''} over ${j.scores.length} of ${j.runs}`
          : 'no score') +
        (report.judge.error ? ` — ${report.judge.error}` : ''),
    );
  }
  for (const note of [
    ...(report.similarity?.note ? [report.similarity.note] : []),
    ...report.notes,
  ])
    out.push(`note: ${note}`);
  for (const file of written) out.push(`wrote ${file}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
