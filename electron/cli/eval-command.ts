// `twinforge eval TASKS_DIR --model A[,B...]`: the host's evaluation service, headless.
// The same service as the panel: progress with an ETA on stderr, the leaderboard on
// stdout at the end, and the results folder (results.csv, results.json, one record per
// cell) under --out. Starting it again resumes: finished cells are kept.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EvalProgress, EvalStartRequest } from '../common/contract/eval';
import { EVAL_SIM_TIME, EVAL_WALL_TIME } from '../common/contract/eval';
import type { LeaderboardRow, Metrics } from '../common/eval/leaderboard';
import { formatDuration } from '../common/eval/progress';
import { createHost } from '../host/index';
import { resolveUserDataDir } from '../host/serve/user-data';
import { UsageError, positiveNumber } from './args';

export const EVAL_USAGE = `Usage: twinforge eval TASKS_DIR --model A[,B...] [options]

Runs each model on the tasks of TASKS_DIR (SimBench's layout: <task>/input1.txt, truth1.py,
pyinput2.py, ...) as the benchmark does: turn 1 is the prompt alone, turns 2 and 3 give the
model the task's own starting script. Each answer is run on PyChrono (and repaired with
--attempts), scored with CodeBLEU and ROUGE against the reference, judged with --judge, and
held against the task's physics contract when it has one. Models run one after another.
Running the same command again resumes: finished cells are not run again.

Options:
  --model A[,B...]    the models to evaluate (required)
  --tasks T[,U...]    only these tasks (default: every complete task)
  --turns 1,2,3       the turns to run (default: 1,2,3)
  --attempts K        runs per cell: the answer, then up to K-1 repairs (default 1)
  --judge MODEL       also score every answer with this judge model
  --judge-mode MODE   reference (default), reference-document or document
  --api-doc FILE      the API document for the document modes (default: TwinForge's notes)
  --chain             turns 2 and 3 start from the model's own previous answer
  --retry-failed      run again the cells that could not be evaluated last time
  --out DIR           the results folder (default: ./eval-results)
  --sim-time S        simulated seconds per run (default ${EVAL_SIM_TIME}; a contract may ask for more)
  --wall-time S       wall-clock seconds per run (default ${EVAL_WALL_TIME})
  --python PATH       Python interpreter to use
  --json              print the results (as in results.json) on stdout instead of the table
  -h, --help          show this help

Exit codes: 0 done, 1 could not run (or models missing), 2 bad usage, 3 the model server
stopped answering (run again to resume), 4 stopped (Ctrl+C; run again to resume).`;

export interface EvalArgs {
  tasksDir: string;
  request: Omit<EvalStartRequest, 'evalId' | 'tasksDir' | 'outDir'>;
  outDir: string;
  python?: string;
  json: boolean;
}

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseEvalArgs(argv: string[], cwd = process.cwd()): EvalArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string', short: 'm' },
      tasks: { type: 'string' },
      turns: { type: 'string' },
      attempts: { type: 'string' },
      judge: { type: 'string' },
      'judge-mode': { type: 'string' },
      'api-doc': { type: 'string' },
      chain: { type: 'boolean', default: false },
      'retry-failed': { type: 'boolean', default: false },
      out: { type: 'string', short: 'o' },
      'sim-time': { type: 'string' },
      'wall-time': { type: 'string' },
      python: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError('eval needs one TASKS_DIR');
  const models = list(values.model);
  if (!models?.length) throw new UsageError('eval needs --model (one or more, comma-separated)');
  const turns = list(values.turns)?.map(Number) ?? [1, 2, 3];
  if (turns.length === 0 || turns.some((t) => ![1, 2, 3].includes(t))) {
    throw new UsageError(`--turns takes turns from 1, 2 and 3, not "${values.turns}"`);
  }
  const attempts = values.attempts === undefined ? 1 : Number(values.attempts);
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 10) {
    throw new UsageError(`--attempts needs a whole number from 1 to 10, not "${values.attempts}"`);
  }
  const mode = values['judge-mode'] ?? 'reference';
  if (!['reference', 'reference-document', 'document'].includes(mode)) {
    throw new UsageError(
      `--judge-mode is reference, reference-document or document, not "${mode}"`,
    );
  }
  if (!values.judge && (values['judge-mode'] || values['api-doc'])) {
    throw new UsageError('--judge-mode and --api-doc go with --judge MODEL');
  }
  return {
    tasksDir: resolve(cwd, positionals[0]),
    outDir: resolve(cwd, values.out ?? 'eval-results'),
    request: {
      models,
      tasks: list(values.tasks),
      turns,
      attempts,
      judge: values.judge
        ? {
            model: values.judge,
            mode: mode as 'reference' | 'reference-document' | 'document',
            apiDocumentPath: values['api-doc'] ? resolve(cwd, values['api-doc']) : null,
          }
        : undefined,
      chain: values.chain ?? false,
      retryFailed: values['retry-failed'] ?? false,
      simTime: positiveNumber(values['sim-time'], '--sim-time') ?? EVAL_SIM_TIME,
      wallTime: positiveNumber(values['wall-time'], '--wall-time') ?? EVAL_WALL_TIME,
    },
    python: values.python,
    json: values.json ?? false,
  };
}

/** The progress line: a bar, the counts, the cell, the ETA. */
export function progressLine(p: EvalProgress): string {
  const width = 20;
  const units = p.total + p.judgeTotal;
  const doneUnits = p.done + p.judgeDone;
  const filled = units ? Math.round((doneUnits / units) * width) : width;
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const judging = p.judgeTotal ? `, judged ${p.judgeDone}/${p.judgeTotal}` : '';
  const eta =
    p.etaSeconds === null ? '' : `  ETA ${formatDuration(p.etaSeconds)}${p.etaPartial ? '+' : ''}`;
  return `${bar} ${p.done}/${p.total} cells${judging}${eta}  ${p.message}`;
}

const pct = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);
const num = (v: number | null, digits = 3) => (v === null ? '–' : v.toFixed(digits));

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '),
    )
    .join('\n');
}

/** The leaderboard as the terminal shows it, and a pass@1 table per category. */
export function leaderboardText(rows: readonly LeaderboardRow[], attempts: number): string {
  if (rows.length === 0) return 'No cells in the results folder yet.';
  // pass@k is pass@1 when no repair was allowed: one column then.
  const withK = attempts > 1;
  const head = [
    'model',
    'cells',
    'pass@1',
    ...(withK ? [`pass@${attempts}`] : []),
    'compile',
    'CodeBLEU',
    'ROUGE-Lsum',
    'judge',
    'contract',
    'tok/s',
  ];
  const line = (m: string, x: Metrics) => [
    m,
    x.failed ? `${x.evaluated}+${x.failed} failed` : String(x.evaluated),
    pct(x.pass1),
    ...(withK ? [pct(x.passK)] : []),
    pct(x.compile),
    num(x.codebleu),
    num(x.rougeLsum),
    x.judge === null ? '–' : `${x.judge.toFixed(1)} (${x.judged})`,
    x.contract === null ? '–' : `${x.contract.toFixed(1)} (${x.contractPasses}/${x.contracts})`,
    num(x.tokensPerSecond, 1),
  ];
  const main = table([head, ...rows.map((r) => line(r.model, r))]);
  const categories = [...new Set(rows.flatMap((r) => Object.keys(r.byCategory)))].sort();
  const byCategory = table([
    ['pass@1 / CodeBLEU', ...categories],
    ...rows.map((r) => [
      r.model,
      ...categories.map((c) => {
        const m = r.byCategory[c];
        return m ? `${pct(m.pass1)} / ${num(m.codebleu, 2)}` : '–';
      }),
    ]),
  ]);
  return `${main}\n\n${byCategory}`;
}

export async function runEvalCommand(argv: string[], env = process.env): Promise<number> {
  const args = parseEvalArgs(argv);
  if (args === 'help') {
    console.log(EVAL_USAGE);
    return 0;
  }
  const host = createHost({
    userDataDir: resolveUserDataDir(undefined, env),
    env,
    pythonPath: args.python,
  });
  const client = host.connect('cli:eval');
  const evalId = randomUUID();
  const tty = Boolean(process.stderr.isTTY);
  let shown = false;
  const off = client.subscribe((name, payload) => {
    if (name !== 'eval.progress') return;
    const p = payload as EvalProgress;
    if (p.evalId !== evalId) return;
    const text = progressLine(p);
    if (tty) {
      process.stderr.write(`\r\x1b[K${text.slice(0, (process.stderr.columns || 120) - 1)}`);
      shown = true;
    } else if (p.cell || p.state !== 'running') {
      process.stderr.write(`${text}\n`);
    }
  });
  const stop = () => void host.evals.cancel(evalId, client);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const { started, finished } = await host.evals.start(
      { ...args.request, evalId, tasksDir: args.tasksDir, outDir: args.outDir },
      client,
    );
    for (const model of started.missingModels) {
      process.stderr.write(
        `${model} is not on the model server: pull it with \`ollama pull ${model}\` (or Model > Pull a Model… in the app), then run this again.\n`,
      );
    }
    for (const task of started.unknownTasks)
      process.stderr.write(`no complete task named ${task}\n`);
    if (started.skipped) {
      const are = started.skipped === 1 ? 'cell is' : 'cells are';
      process.stderr.write(
        `${started.skipped} ${are} already in ${started.outDir}: not run again.\n`,
      );
    }
    const last = await finished;
    if (shown) process.stderr.write('\n');
    const results = await host.evals.results(started.outDir);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    } else {
      const protocol = args.request.chain ? 'chained answers' : "SimBench's (pyinputN.py)";
      process.stdout.write(
        `${leaderboardText(results.leaderboard, args.request.attempts)}\n\nProtocol: ${protocol}, attempts ${args.request.attempts}.${args.request.judge ? ` Judge: ${args.request.judge.model} (${args.request.judge.mode}), not comparable to SimBench's gpt-4o-mini.` : ''}\nResults: ${started.outDir}/results.csv\n`,
      );
    }
    if (last.state !== 'done') process.stderr.write(`${last.message}\n`);
    switch (last.state) {
      case 'done':
        return started.missingModels.length ? 1 : 0;
      case 'interrupted':
        return 3;
      case 'stopped':
        return 4;
      default:
        return 1;
    }
  } finally {
    off();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await client.close();
    await host.dispose();
  }
}
