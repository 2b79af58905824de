// The evaluation overhead benchmark's program (bundled and run by eval-overhead.mjs): runs
// `eval` on six tasks × three turns of ../shared/simbench against the fake Ollama server
// (which replays SimBench's recorded answers), twice: answers at once (the worst case: the
// runner's own work against the runs alone) and at 200 tokens per second (a fast local GPU).
// Per cell, "overhead" is everything but waiting for the model and the runs: scoring
// (tree-sitter, CodeBLEU, ROUGE, the contract), records, bookkeeping. Target: under 5% of the
// cell's time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalProgress } from '../electron/common/contract/eval';
import { createHost } from '../electron/host';
import { SIMBENCH_DIR, simbenchAvailable } from '../electron/host/review/simbench-share';

const TASKS = ['pendulum', 'slider_crank', 'hmmwv', 'particles', 'beam', 'camera'];
const TARGET = 0.05;

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const p95 = (v: number[]) =>
  [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.ceil(0.95 * v.length) - 1)];
const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

async function run(tokenDelayMs: number, url: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-bench-eval-'));
  const host = createHost({
    userDataDir: join(dir, 'user-data'),
    env: { ...process.env, OLLAMA_HOST: url },
  });
  const client = host.connect('bench:eval');
  const cellEnds: number[] = [];
  client.subscribe((name, payload) => {
    if (name === 'eval.progress' && (payload as EvalProgress).cell) cellEnds.push(Date.now());
  });
  try {
    const t0 = Date.now();
    const { started, finished } = await host.evals.start(
      {
        evalId: 'bench',
        tasksDir: join(SIMBENCH_DIR, 'tasks'),
        models: ['qwen2.5-coder:7b'],
        tasks: TASKS,
        turns: [1, 2, 3],
        attempts: 1,
        chain: false,
        retryFailed: false,
        outDir: join(dir, 'out'),
        simTime: 2,
        wallTime: 120,
      },
      client,
    );
    const prepared = Date.now();
    const last = await finished;
    const ended = Date.now();
    const { cells } = await host.evals.results(started.outDir);
    const timing = cells.map((c) => c.timing);
    const total = timing.map((t) => t.totalMs);
    const over = timing.map((t) => t.overheadMs);
    const scoring = timing.map((t) => t.scoringMs);
    const ratios = timing.map((t) => t.overheadMs / t.totalMs);
    // Scoring overlaps the next cell's model, so the runner's cost on the wall clock is what
    // the run took beyond waiting for the model and the runs.
    const wall = ended - prepared;
    const modelAndRuns = sum(timing.map((t) => t.modelMs + t.simulationMs));
    const ownTotal = wall - modelAndRuns;
    const label = tokenDelayMs
      ? `answers at ${Math.round(1000 / tokenDelayMs)} tokens/s`
      : 'answers at once';
    console.log(
      `\n${label}: ${cells.length} cells (${last.state}), prepare ${prepared - t0} ms, run ${(wall / 1000).toFixed(1)} s`,
    );
    console.log('  per cell                 median ms   p95 ms   mean ms');
    const row = (name: string, v: number[]) =>
      console.log(
        `  ${name.padEnd(24)}${median(v).toFixed(0).padStart(10)}${p95(v).toFixed(0).padStart(9)}${(sum(v) / v.length).toFixed(0).padStart(10)}`,
      );
    row('cell', total);
    row(
      '  model',
      timing.map((t) => t.modelMs),
    );
    row(
      '  runs',
      timing.map((t) => t.simulationMs),
    );
    row('  overhead', over);
    row('    of which scoring', scoring);
    console.log(
      `  the runner's work / cell time: median ${(100 * median(ratios)).toFixed(1)}%, p95 ${(100 * p95(ratios)).toFixed(1)}%, over all cells ${((100 * sum(over)) / sum(total)).toFixed(1)}%`,
    );
    console.log(
      `  the run's wall time beyond the model and the runs: ${(ownTotal / cells.length).toFixed(0)} ms per cell, ${((100 * ownTotal) / wall).toFixed(1)}% of it (${(ownTotal / wall / TARGET).toFixed(2)}× the 5% target)`,
    );
  } finally {
    await client.close();
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!simbenchAvailable()) {
    console.log('Evaluation benchmark: ../shared/simbench is absent; nothing to measure.');
    return;
  }
  console.log(
    `Evaluation overhead benchmark: ${TASKS.length} SimBench tasks × 3 turns, one model, the pychrono double, 2 s per run`,
  );
  // eval-overhead.mjs starts the fake servers: `EVAL_BENCH_SERVERS=0=url,5=url` (ms a token).
  const servers = (process.env.EVAL_BENCH_SERVERS ?? '').split(',').filter(Boolean);
  if (servers.length === 0) throw new Error('Run this through bench/eval-overhead.mjs.');
  for (const server of servers) {
    const [delay, url] = server.split(/=(.*)/);
    await run(Number(delay), url);
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
